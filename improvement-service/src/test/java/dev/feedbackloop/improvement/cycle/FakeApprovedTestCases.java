package dev.feedbackloop.improvement.cycle;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approved test cases of each agent as a test sets them: the real ones live in the trigger service's read model,
 * which the improvement service alone does not have. Spring tests import {@link Config}.
 */
public class FakeApprovedTestCases implements ApprovedTestCases {

    private final Map<String, List<String>> approved = new ConcurrentHashMap<>();

    public void approve(String agentId, List<String> testCaseIds) {
        approved.put(agentId, List.copyOf(testCaseIds));
    }

    @Override
    public List<String> of(String agentId) {
        return approved.getOrDefault(agentId, List.of());
    }

    /** Makes the fake the source of approved test cases of a Spring test. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        FakeApprovedTestCases fakeApprovedTestCases() {
            return new FakeApprovedTestCases();
        }
    }
}
