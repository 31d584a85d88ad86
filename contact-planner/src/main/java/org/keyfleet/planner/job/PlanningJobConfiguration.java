package org.keyfleet.planner.job;

import java.time.Instant;

import javax.sql.DataSource;

import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.planner.store.PlannerStore;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.job.DefaultJobParametersValidator;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.partition.support.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.batch.BatchAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The planning job {@code passPlanning} and its API ({@link PlanningJobs}), as a Spring Boot auto-configuration:
 * an application with a {@link DataSource} and {@code spring-boot-starter-batch} gets them (set
 * {@code spring.batch.job.enabled=false}: the job runs only when launched with a scenario). Settings:
 * {@code keyfleet.planning.threads} (partition threads, default: the processors) and
 * {@code keyfleet.planning.forecast-chunk} (passes forecast per transaction, default 8).
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
    BatchAutoConfiguration.class})
@ConditionalOnBean(DataSource.class)
public class PlanningJobConfiguration {

    /** The job's threads: partitions run on a pool, each job on a thread of its own. */
    static final class PlanningThreads implements DisposableBean {

        final ThreadPoolTaskExecutor partitions = new ThreadPoolTaskExecutor();
        final SimpleAsyncTaskExecutor jobs = new SimpleAsyncTaskExecutor("planning-job-");
        final int size;

        PlanningThreads(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("keyfleet.planning.threads must be >= 1 but was " + size);
            }
            this.size = size;
            partitions.setCorePoolSize(size);
            partitions.setMaxPoolSize(size);
            partitions.setThreadNamePrefix("planning-");
            partitions.initialize();
        }

        @Override
        public void destroy() {
            partitions.shutdown();
        }
    }

    @Bean
    PlannerStore plannerStore(DataSource dataSource) {
        return PlannerStore.migrate(dataSource);
    }

    @Bean
    ScenarioInput planningScenarioInput() {
        return new ScenarioInput();
    }

    @Bean
    WeatherInput planningWeatherInput() {
        return new WeatherInput();
    }

    @Bean
    PlanningThreads planningThreads(@Value("${keyfleet.planning.threads:0}") int threads) {
        return new PlanningThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }

    @Bean
    @StepScope
    Partitioner planningSatellitePartitioner(ScenarioInput input, PlanningThreads threads,
                                             @Value("#{jobParameters['scenario']}") String scenario,
                                             @Value("#{jobParameters['start']}") String start,
                                             @Value("#{jobParameters['days']}") Double days) {
        return Tasklets.bySatellite(input.load(scenario, Instant.parse(start), days).scenario(), threads.size, false);
    }

    @Bean
    @StepScope
    Partitioner planningStripedPartitioner(ScenarioInput input, PlanningThreads threads,
                                           @Value("#{jobParameters['scenario']}") String scenario,
                                           @Value("#{jobParameters['start']}") String start,
                                           @Value("#{jobParameters['days']}") Double days) {
        return Tasklets.bySatellite(input.load(scenario, Instant.parse(start), days).scenario(), threads.size, true);
    }

    @Bean
    Job passPlanning(JobRepository repository, PlatformTransactionManager tx, PlannerStore store,
                        ScenarioInput input, WeatherInput weather, PlanningThreads threads,
                        ApplicationEventPublisher events, ObjectProvider<StepHook> hooks,
                        @Qualifier("planningSatellitePartitioner") Partitioner satellites,
                        @Qualifier("planningStripedPartitioner") Partitioner stripes,
                        @Value("${keyfleet.planning.forecast-chunk:8}") int forecastChunk) {
        if (forecastChunk < 1) {
            throw new IllegalArgumentException("keyfleet.planning.forecast-chunk must be >= 1 but was " + forecastChunk);
        }
        StepHook hook = hooks.getIfAvailable(() -> (step, partition) -> { });
        Forecaster forecaster = Forecaster.withDefaults();   // thread-safe; shares channel models across partitions
        Step load = new StepBuilder("loadScenario", repository)
                .tasklet(Tasklets.loadScenario(input, weather, store), tx).build();
        Step findWorker = new StepBuilder(PlanningJobs.FIND_PASSES_WORKER, repository)
                .tasklet(Tasklets.findPasses(input, store, hook), tx).build();
        Step find = new StepBuilder("findPasses", repository)
                .partitioner(PlanningJobs.FIND_PASSES_WORKER, satellites).step(findWorker)
                .gridSize(threads.size).taskExecutor(threads.partitions).build();
        Step forecastWorker = new StepBuilder(PlanningJobs.FORECAST_WORKER, repository)
                .tasklet(Tasklets.forecast(input, weather, store, forecaster, forecastChunk, hook), tx).build();
        Step forecast = new StepBuilder("forecast", repository)
                .partitioner(PlanningJobs.FORECAST_WORKER, stripes).step(forecastWorker)
                .gridSize(threads.size).taskExecutor(threads.partitions).build();
        Step plan = new StepBuilder("plan", repository).tasklet(Tasklets.plan(input, store, hook), tx).build();
        Step publish = new StepBuilder("publish", repository).tasklet(Tasklets.publish(store, events), tx).build();
        return new JobBuilder(JobValues.JOB, repository)
                .validator(new DefaultJobParametersValidator(
                        new String[] {JobValues.SCENARIO, JobValues.START, JobValues.DAYS, JobValues.TIME_LIMIT_SECONDS},
                        new String[] {JobValues.LAUNCH, JobValues.WEATHER, JobValues.MODEL, JobValues.PREVIOUS_RUN_ID,
                            JobValues.NOW, JobValues.FREEZE_MILLIS, JobValues.STRATEGY, JobValues.HELD}))
                .listener(new RunStatusListener(store))
                .start(load).next(find).next(forecast).next(plan).next(publish)
                .build();
    }

    @Bean
    PlanningJobs planningJobs(JobRepository repository, JobExplorer explorer, PlanningThreads threads,
                              ScenarioInput input, WeatherInput weather, PlannerStore store,
                              @Qualifier("passPlanning") Job job) throws Exception {
        TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
        launcher.setJobRepository(repository);
        launcher.setTaskExecutor(threads.jobs);
        launcher.afterPropertiesSet();
        return new PlanningJobs(launcher, job, explorer, input, weather, store);
    }
}
