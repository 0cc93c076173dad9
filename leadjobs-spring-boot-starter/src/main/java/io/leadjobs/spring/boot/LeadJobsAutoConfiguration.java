package io.leadjobs.spring.boot;

import io.leadjobs.core.JobService;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.AccessPolicy;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobObserver;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.core.spi.LeadScorer;
import io.leadjobs.core.store.jdbc.JdbcJobStore;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.micrometer.LeadJobsMetrics;
import io.leadjobs.websocket.GatewayObserver;
import io.leadjobs.websocket.JobEventsGateway;
import io.leadjobs.websocket.auth.JwtVerifierBuilder;
import io.leadjobs.websocket.auth.TokenVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds leadjobs from the application context and the {@code leadjobs.*} properties
 * ({@link LeadJobsProperties}): the {@link JobStore} (JDBC on the application's {@link DataSource} when there
 * is one, in memory otherwise), the started {@link JobService} (with the application's {@link LeadEnricher}
 * beans added to the default enrichers, and its {@link LeadScorer}, {@link AccessPolicy} and
 * {@link JobEventPublisher} beans when it defines them), the {@link TokenVerifier}, the
 * {@link JobEventsGateway} on a {@link SocketIoServer} mounted on the servlet container at
 * {@code /socket.io/*}, the REST jobs API and a health indicator.
 *
 * <p>Every bean backs off when the application defines one of the same type. The context closes what it
 * built when it closes: the Socket.IO server (disconnecting every client), the gateway, then the job service.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@EnableConfigurationProperties(LeadJobsProperties.class)
public class LeadJobsAutoConfiguration {

    /** Created by Spring. */
    public LeadJobsAutoConfiguration() {
    }

    /**
     * The job store: {@code leadjobs.store.type} {@code auto} (default) takes the JDBC store on the
     * application's single {@link DataSource} and the in-memory store without one.
     *
     * @param properties the settings
     * @param dataSources the application's data source, if any
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean
    public JobStore leadJobsJobStore(LeadJobsProperties properties, ObjectProvider<DataSource> dataSources) {
        LeadJobsProperties.StoreType type = properties.getStore().getType();
        DataSource dataSource = type == LeadJobsProperties.StoreType.MEMORY ? null : dataSources.getIfUnique();
        if (dataSource == null) {
            if (type == LeadJobsProperties.StoreType.JDBC) {
                throw new LeadJobsException("leadjobs.store.type is jdbc but the application has no single DataSource bean;"
                        + " configure one (spring.datasource.url) or set leadjobs.store.type to memory or auto");
            }
            return InMemory.jobStore();
        }
        return JdbcJobStore.builder().dataSource(dataSource).manageSchema(properties.getStore().isManageSchema()).build();
    }

    /**
     * The started job service; the context closes it last (running jobs store their current batch).
     *
     * @param store the job store
     * @param properties the settings
     * @param enrichers the application's own enrichers, run after the default ones
     * @param scorer the application's scorer, if it defines one
     * @param accessPolicy the application's access policy, if it defines one (default: owners only)
     * @param publisher the application's event publisher, if it defines one (default: in memory)
     * @param observer the job observer (the metrics, when the application has a MeterRegistry)
     * @return the job service, started
     */
    @Bean
    @ConditionalOnMissingBean
    public JobService leadJobsJobService(JobStore store, LeadJobsProperties properties,
                                         ObjectProvider<LeadEnricher> enrichers, ObjectProvider<LeadScorer> scorer,
                                         ObjectProvider<AccessPolicy> accessPolicy,
                                         ObjectProvider<JobEventPublisher> publisher,
                                         ObjectProvider<JobObserver> observer) {
        LeadJobsProperties.Jobs jobs = properties.getJobs();
        List<LeadEnricher> all = new ArrayList<>(Enrichers.defaults());
        enrichers.orderedStream().forEach(all::add);
        JobService.Builder builder = JobService.builder()
                .store(store)
                .enrichers(all)
                .batchSize(jobs.getBatchSize())
                .jobConcurrency(jobs.getConcurrency())
                .maxLeads(jobs.getMaxLeads())
                .highScoreThreshold(jobs.getHighScoreThreshold())
                .updateInterval(jobs.getUpdateInterval())
                .enrichmentNiceness(jobs.getEnrichmentNiceness());
        scorer.ifUnique(builder::scorer);
        accessPolicy.ifUnique(builder::accessPolicy);
        publisher.ifUnique(builder::publisher);
        observer.ifUnique(builder::observer);
        JobService service = builder.build();
        service.start();
        return service;
    }

    /**
     * The JWT verifier for {@code leadjobs.auth.secret} (HS256) or {@code leadjobs.auth.jwks-url}; with neither
     * the application does not start.
     *
     * @param properties the settings
     * @return the verifier
     */
    @Bean
    @ConditionalOnMissingBean
    public TokenVerifier leadJobsTokenVerifier(LeadJobsProperties properties) {
        LeadJobsProperties.Auth auth = properties.getAuth();
        boolean hasSecret = auth.getSecret() != null && !auth.getSecret().isBlank();
        if (hasSecret == (auth.getJwksUrl() != null)) {
            throw new LeadJobsException(hasSecret
                    ? "Set only one of leadjobs.auth.secret and leadjobs.auth.jwks-url, not both"
                    : "leadjobs needs a token key: set leadjobs.auth.secret (HS256, at least 32 bytes) or"
                            + " leadjobs.auth.jwks-url, or define a TokenVerifier bean");
        }
        JwtVerifierBuilder builder = TokenVerifier.jwt();
        if (hasSecret) {
            builder.hmacSecret(auth.getSecret());
        } else {
            builder.jwksUrl(auth.getJwksUrl());
        }
        if (auth.getIssuer() != null) {
            builder.requiredIssuer(auth.getIssuer());
        }
        if (auth.getAudience() != null) {
            builder.requiredAudience(auth.getAudience());
        }
        return builder.build();
    }

    /**
     * The job-events gateway (subscribe-job, job-status, job-update) on the job service.
     *
     * @param jobs the job service
     * @param tokens the token verifier
     * @param properties the settings
     * @param observer the gateway observer (the metrics, when the application has a MeterRegistry)
     * @return the gateway
     */
    @Bean
    @ConditionalOnMissingBean
    public JobEventsGateway leadJobsGateway(JobService jobs, TokenVerifier tokens, LeadJobsProperties properties,
                                            ObjectProvider<GatewayObserver> observer) {
        LeadJobsProperties.SocketIo socketio = properties.getSocketio();
        JobEventsGateway.Builder builder = JobEventsGateway.builder()
                .jobService(jobs)
                .tokenVerifier(tokens)
                .maxSubscriptionsPerConnection(socketio.getMaxSubscriptionsPerConnection())
                .maxConnectionsPerUser(socketio.getMaxConnectionsPerUser());
        observer.ifUnique(builder::observer);
        if (!socketio.getAllowedOrigins().isEmpty()) {
            builder.allowedOrigins(socketio.getAllowedOrigins().toArray(String[]::new));
        }
        return builder.build();
    }

    /**
     * The Socket.IO server serving the gateway on its main namespace.
     *
     * @param gateway the gateway
     * @return the server
     */
    @Bean
    @ConditionalOnMissingBean
    public SocketIoServer leadJobsSocketIoServer(JobEventsGateway gateway) {
        SocketIoServer io = gateway.configure(SocketIoServer.builder()).build();
        gateway.attach(io.mainNamespace());
        return io;
    }

    /**
     * Tokens verified by the application's Spring Security {@code JwtDecoder} bean, when it defines one and sets
     * neither {@code leadjobs.auth.secret} nor {@code leadjobs.auth.jwks-url}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.oauth2.jwt.JwtDecoder")
    static class JwtDecoderConfiguration {

        @Bean
        @ConditionalOnBean(type = "org.springframework.security.oauth2.jwt.JwtDecoder")
        @ConditionalOnMissingBean(TokenVerifier.class)
        @ConditionalOnProperty(prefix = "leadjobs.auth", name = {"secret", "jwks-url"}, havingValue = "unset-by-the-application",
                matchIfMissing = true)
        TokenVerifier leadJobsJwtDecoderTokenVerifier(org.springframework.security.oauth2.jwt.JwtDecoder decoder) {
            return new JwtDecoderTokenVerifier(decoder);
        }
    }

    /** Mounts the Socket.IO server and the REST API on the application's servlet container. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(ServletContextInitializer.class)
    static class ServletConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "leadJobsSocketIoInitializer")
        @ConditionalOnProperty(prefix = "leadjobs.socketio", name = "enabled", matchIfMissing = true)
        ServletContextInitializer leadJobsSocketIoInitializer(SocketIoServer io) {
            return io::install;
        }

        @Bean
        @ConditionalOnMissingBean(name = "leadJobsRestApi")
        @ConditionalOnProperty(prefix = "leadjobs.rest", name = "enabled", matchIfMissing = true)
        ServletRegistrationBean<JobsRestServlet> leadJobsRestApi(JobService jobs, TokenVerifier tokens,
                                                                 LeadJobsProperties properties) {
            String path = RestPaths.check(properties.getRest().getPath());
            ServletRegistrationBean<JobsRestServlet> registration =
                    new ServletRegistrationBean<>(new JobsRestServlet(jobs, tokens), path, path + "/*");
            registration.setName("leadJobsRestApi");
            return registration;
        }
    }

    /** leadjobs' meters in the application's MeterRegistry, when it has one and leadjobs-micrometer is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "io.leadjobs.micrometer.LeadJobsMetrics"})
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnBean(MeterRegistry.class)
        @ConditionalOnMissingBean
        LeadJobsMetrics leadJobsMetrics(MeterRegistry registry) {
            return LeadJobsMetrics.create(registry);
        }

        /** The connection gauges, once the gateway exists, and the circuit gauges of the application's enrichers. */
        @Bean
        @ConditionalOnBean(MeterRegistry.class)
        SmartInitializingSingleton leadJobsGatewayGauges(ObjectProvider<LeadJobsMetrics> metrics,
                                                        ObjectProvider<JobEventsGateway> gateway,
                                                        ObjectProvider<LeadEnricher> enrichers) {
            return () -> metrics.ifUnique(m -> {
                gateway.ifUnique(m::bind);
                m.bindEnrichers(enrichers.orderedStream().toList());
            });
        }
    }

    /** The store health indicator, when Spring Boot's health support is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(name = "leadJobsHealthIndicator")
        LeadJobsHealthIndicator leadJobsHealthIndicator(JobStore store) {
            return new LeadJobsHealthIndicator(store, Duration.ofSeconds(1));
        }
    }
}
