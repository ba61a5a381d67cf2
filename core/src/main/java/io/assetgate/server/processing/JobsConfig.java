package io.assetgate.server.processing;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import io.assetgate.server.processing.notify.WebhookSender;

/**
 * Wires db-scheduler by hand to the application's database: jobs survive restarts, each runs
 * on exactly one instance at a time, and a job whose JVM died is revived once its heartbeats
 * stop. Task handlers are looked up when a job runs, which keeps the wiring free of cycles.
 */
@Configuration(proxyBeanMethods = false)
class JobsConfig {

    private static final Logger log = LoggerFactory.getLogger(JobsConfig.class);

    @Bean
    OneTimeTask<Void> processAssetTask(ProcessingProperties properties, ObjectProvider<AssetProcessor> processor,
            ObjectProvider<ProcessingMetrics> metrics) {
        return Tasks.oneTime(Jobs.PROCESS_ASSET)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(properties.maxAttempts() - 1,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(properties.retryBackoff()),
                        (complete, operations) -> processor.getObject().giveUp(
                                complete.getExecution().taskInstance.getId(),
                                complete.getCause().map(Throwable::getMessage).orElse("processing failed"))))
                .execute((instance, context) -> unchecked(() -> metrics.getObject()
                        .timed(() -> processor.getObject().process(instance.getId()))));
    }

    @Bean
    OneTimeTask<Void> deliverWebhookTask(ProcessingProperties properties, ObjectProvider<WebhookSender> sender) {
        return Tasks.oneTime(Jobs.DELIVER_WEBHOOK)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(properties.webhookMaxAttempts() - 1,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(properties.webhookBackoff()),
                        (complete, operations) -> log.warn("Gave up delivering webhook {}",
                                complete.getExecution().taskInstance.getId())))
                .execute((instance, context) -> unchecked(() -> sender.getObject().deliver(instance.getId())));
    }

    @Bean(destroyMethod = "stop")
    Scheduler scheduler(DataSource dataSource, List<Task<?>> tasks, ProcessingProperties properties) {
        // Transaction-aware: a job scheduled inside a transaction is inserted in it.
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .schedulerName(new SchedulerName.Fixed(instanceName()))
                .threads(properties.threads())
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(properties.heartbeatInterval())
                .missedHeartbeatsLimit(4)
                .alwaysPersistTimestampInUTC()
                // Failures are expected (retries); the handlers log what matters, without stack traces.
                .failureLogging(LogLevel.WARN, false)
                .build();
    }

    /**
     * Jobs start only once the whole server is up. The switch is read from the environment rather
     * than from {@link ProcessingProperties}: binding those (every nested record and its checks)
     * was 5% of a Lambda function's cold start, and the functions never start the scheduler.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent event) {
        boolean enabled = event.getApplicationContext().getEnvironment().getProperty(ProcessingProperties.ENABLED,
                Boolean.class, Boolean.parseBoolean(ProcessingProperties.ENABLED_DEFAULT));
        if (enabled) {
            event.getApplicationContext().getBean(Scheduler.class).start();
        }
    }

    interface Job {
        void run() throws Exception;
    }

    /** Runs a job body; a failure is rethrown unchecked, for db-scheduler's failure handler to retry. */
    static void unchecked(Job job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String instanceName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
