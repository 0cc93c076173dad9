package io.leadjobs.examples.spring;

import io.leadjobs.core.spi.LeadEnricher;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that gets leadjobs from {@code leadjobs-spring-boot-starter}: the job service on
 * the application's DataSource (H2 here), Socket.IO at {@code /socket.io/*} and the REST API at
 * {@code /api/jobs} on the application's Tomcat. Its one line of leadjobs code is its own enricher bean,
 * which the starter adds after the default enrichers.
 */
@SpringBootApplication
public class LeadJobsExampleApplication {

    /**
     * Starts the application.
     *
     * @param args Spring Boot's command-line arguments ({@code --server.port=8080} ...)
     */
    public static void main(String[] args) {
        SpringApplication.run(LeadJobsExampleApplication.class, args);
    }

    /**
     * The host's own enricher: marks leads whose email domain is one of the company's partners.
     *
     * @return the enricher
     */
    @Bean
    LeadEnricher partnerDomainEnricher() {
        return new PartnerDomainEnricher(Set.of("acme.com", "initech.com"));
    }
}
