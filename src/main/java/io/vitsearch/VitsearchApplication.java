package io.vitsearch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class VitsearchApplication {

    public static void main(String[] args) {
        // Offline mode stops DJL from contacting a metadata address and a telemetry host at start-up.
        // DJL reads it when its classes load, so it is set before any of them.
        System.setProperty("ai.djl.offline", "true");
        SpringApplication.run(VitsearchApplication.class, args);
    }
}
