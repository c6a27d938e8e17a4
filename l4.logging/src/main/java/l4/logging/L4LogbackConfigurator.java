package l4.logging;

import java.net.URL;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Configures logback from {@code l4/logging/logback.xml} in this bundle. Logback asks
 * {@link java.util.ServiceLoader} for {@link Configurator}s before it looks for a logback.xml of
 * its own; inside OSGi, SPI Fly makes this bundle's {@code META-INF/services} entry visible to it
 * (see bnd.bnd). The bundle starts with logback (start level 2), before any l4.* bundle logs.
 */
public final class L4LogbackConfigurator extends ContextAwareBase implements Configurator {

    static final String CONFIGURATION = "/l4/logging/logback.xml";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        URL xml = L4LogbackConfigurator.class.getResource(CONFIGURATION);
        if (xml == null) {
            addError("missing " + CONFIGURATION + " in the l4.logging bundle");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(xml);
        } catch (JoranException e) {
            addError("cannot configure logging from " + xml, e);
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
