package io.understudy.schemas.topics;

import java.util.List;

/**
 * What {@link TopicProvisioner} did.
 *
 * @param created  topics it created
 * @param verified topics that already existed and were found to match the contract
 */
public record ProvisionedTopics(List<String> created, List<String> verified) {

    public ProvisionedTopics {
        created = List.copyOf(created);
        verified = List.copyOf(verified);
    }
}
