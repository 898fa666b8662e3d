package io.vitsearch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class VitsearchApplication {

    public static void main(String[] args) {
        // DJL reads this at class-load time; offline mode stops it from contacting a metadata address
        // and a telemetry host at start-up, so it must be set before any DJL class loads.
        System.setProperty("ai.djl.offline", "true");
        SpringApplication.run(VitsearchApplication.class, args);
    }
}
