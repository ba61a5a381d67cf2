package io.assetgate.serverless;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import io.assetgate.server.housekeeping.Housekeeping;
import io.assetgate.server.housekeeping.PeriodicTask;

/**
 * The one application context of a Lambda execution environment, started by the first handler
 * class initialized (during Lambda's init phase, which SnapStart snapshots) and shared by every
 * handler in the environment. Settings come from the environment variables, as for the server
 * (relaxed binding: {@code SPRING_DATASOURCE_URL}, {@code ASSETGATE_STORAGE_S3_BUCKET}, ...),
 * over the defaults in this module's {@code application.properties}.
 */
public final class Core {

    private static volatile ConfigurableApplicationContext context;

    private Core() {
    }

    /** The running context, started on first use. */
    public static ConfigurableApplicationContext context() {
        ConfigurableApplicationContext current = context;
        if (current == null) {
            synchronized (Core.class) {
                if (context == null) {
                    // Beside the context's start: what the first call needs besides the context.
                    ColdStartWarmer.start();
                    context = start(Map.of());
                }
                current = context;
            }
        }
        return current;
    }

    /** Starts the context with {@code settings} over the environment's; for tests and benchmarks. */
    public static synchronized ConfigurableApplicationContext startWith(Map<String, Object> settings) {
        if (context != null) {
            context.close();
        }
        context = start(settings);
        return context;
    }

    /**
     * Makes every singleton now. The functions' beans are lazy (application.properties), so
     * {@code preInstantiateSingletons()} would make none: the migrate function and SnapStart's
     * priming want them all.
     */
    static void makeEveryBean(ConfigurableApplicationContext context) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        for (String name : beans.getBeanDefinitionNames()) {
            BeanDefinition definition = beans.getBeanDefinition(name);
            if (definition.isSingleton() && !definition.isAbstract()) {
                beans.getBean(name);
            }
        }
    }

    /** The application as every function starts it (and the build's ahead-of-time processing). */
    static SpringApplication application() {
        SpringApplication app = new SpringApplication(ServerlessApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setRegisterShutdownHook(false);
        // Not deduced from the stack: under Lambda the main class is the runtime's, and the wiring
        // made ahead of time is found by this class's name.
        app.setMainApplicationClass(ServerlessApplication.class);
        // Only the listeners a function needs: its settings (FunctionSettings, instead of Boot's
        // config data search) and the logging system (ECS JSON for CloudWatch, logging.* settings).
        // Boot's others (background pre-initialization, file-encoding and ANSI checks, context
        // initializers for class-path scanning) serve a long-running server, not a cold start.
        app.setInitializers(List.of());
        app.setListeners(List.of(new FunctionSettings(), new LoggingApplicationListener()));
        return app;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> settings) {
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext started = application().run(args);
        Housekeeping.stopTimers(started.getBeansOfType(PeriodicTask.class).values());
        return started;
    }
}
