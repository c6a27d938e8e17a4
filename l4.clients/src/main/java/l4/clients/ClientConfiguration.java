package l4.clients;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the driver clients (PID {@code l4.clients}); checked by {@link ClientSettings}. */
@ObjectClassDefinition(name = "L4 driver clients", description = "How the programs of l4.clients use the drivers")
public @interface ClientConfiguration {
    String PID = "l4.clients";

    @AttributeDefinition(name = "Wait bound (ms)", description = "How long (simulated milliseconds) a request keeps being retried while its "
            + "driver restarts, 10 to 600000; the programs report the longest wait they saw", min = "10", max = "600000")
    long waitBoundMillis() default 10_000;
}
