package io.vitsearch.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class QueuePropertiesTest {

    @Test
    void bindingNothingGivesDefaults() {
        Binder binder = new Binder(new MapConfigurationPropertySource());

        assertThat(binder.bindOrCreate("vitsearch.queue", QueueProperties.class)).isEqualTo(QueueProperties.defaults());
    }

    @Test
    void bindsDurationsWithUnits() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "vitsearch.queue.lease-duration", "2m",
                "vitsearch.queue.max-attempts", "5")));

        QueueProperties properties = binder.bindOrCreate("vitsearch.queue", QueueProperties.class);

        assertThat(properties.leaseDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.maxAttempts()).isEqualTo(5);
    }

    @Test
    void zeroLeaseIsRejected() {
        assertThatThrownBy(() -> new QueueProperties(Duration.ZERO, 3, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vitsearch.queue.lease-duration must be positive, was PT0S");
    }

    @Test
    void zeroMaxAttemptsIsRejected() {
        assertThatThrownBy(() -> new QueueProperties(Duration.ofSeconds(30), 0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vitsearch.queue.max-attempts must be at least 1, was 0");
    }
}
