package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleLeadsTest {

    @Test
    void writesTheHeaderAndOneLinePerLead() {
        String csv = new String(SampleLeads.generate(1000, 300, 7), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();

        assertThat(lines.get(0)).isEqualTo(SampleLeads.HEADER);
        assertThat(lines).hasSize(1001);
    }

    @Test
    void twentyThousandLeadsStayWellUnderTheServersUploadLimit() {
        assertThat(SampleLeads.generate(20_000, 300, 1).length).isLessThan(4 * 1024 * 1024);
    }

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnother() {
        assertThat(SampleLeads.generate(500, 300, 3)).isEqualTo(SampleLeads.generate(500, 300, 3));
        assertThat(SampleLeads.generate(500, 300, 3)).isNotEqualTo(SampleLeads.generate(500, 300, 4));
    }

    @Test
    void mixesCompanyDomainsFreeMailRoleAddressesWebsiteOnlyRowsAndPhones() {
        List<String> rows = new String(SampleLeads.generate(5000, 300, 1), StandardCharsets.UTF_8).lines().skip(1).toList();
        Set<String> emailDomains = new HashSet<>();
        int freeMail = 0;
        int role = 0;
        int websiteOnly = 0;
        int phones = 0;
        for (String row : rows) {
            String email = row.startsWith("\"") ? row.substring(1, row.indexOf('"', 1)) : row.substring(0, row.indexOf(','));
            if (email.isEmpty()) {
                websiteOnly++;
            } else if (email.contains("@")) {
                String domain = email.substring(email.indexOf('@') + 1).trim();
                emailDomains.add(domain);
                freeMail += domain.equals("gmail.com") || domain.equals("yahoo.com") ? 1 : 0;
                role += email.startsWith("info@") || email.startsWith("sales@") ? 1 : 0;
            }
            phones += row.contains(",+") ? 1 : 0;
        }
        assertThat(emailDomains.size()).isBetween(250, 330);
        assertThat(freeMail).isGreaterThan(200);
        assertThat(role).isGreaterThan(20);
        assertThat(websiteOnly).isGreaterThan(50);
        assertThat(phones).isGreaterThan(1000);
    }

    @Test
    void quotesCompanyNamesWithCommas() {
        String csv = new String(SampleLeads.generate(5000, 300, 1), StandardCharsets.UTF_8);

        assertThat(csv).containsPattern(",\"[A-Za-z]+, [A-Za-z]+ & Partners\",");
    }
}
