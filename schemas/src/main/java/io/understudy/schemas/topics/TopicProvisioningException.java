package io.understudy.schemas.topics;

import java.util.List;

/**
 * Understudy's topics cannot be used as they are: Kafka is unreachable, or an existing topic
 * breaks the {@link TopicContract} (wrong partition count, compacted, ...). The message names
 * each topic and what is wrong with it; {@link #problems()} lists them one by one.
 */
public class TopicProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public TopicProvisioningException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public TopicProvisioningException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Each thing that is wrong, as a sentence naming the topic. */
    public List<String> problems() {
        return problems;
    }
}
