package dev.walguard.policy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;

/**
 * Binding of the parts of a workload the rules read ({@link Workloads}): unknown fields are skipped rather than kept
 * in the model's {@code additionalProperties}, which no rule reads. A CRD that preserves unknown fields may carry
 * megabytes of them, and copying them into maps cost more than the rest of the evaluation. They are still walked for
 * null list entries ({@link NullEntries}), and no unknown field can fail binding, so what is accepted or refused stays
 * the same.
 */
final class UnknownFieldsSkipped extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public BeanDeserializerBuilder updateBuilder(
            DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
        builder.setAnySetter(null);
        return builder;
    }
}
