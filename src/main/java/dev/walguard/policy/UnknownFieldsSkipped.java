package dev.walguard.policy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;

/**
 * Binding of the parts of a workload the rules read ({@link Workloads}): unknown fields are skipped rather than kept
 * in the model's {@code additionalProperties}, which no rule reads. A CRD that preserves unknown fields may carry
 * megabytes of them, and copying them into maps cost more than the rest of the evaluation. No unknown field can fail
 * binding, and none is walked: a null entry or a wrong type in one is no error, as no rule could trip over it.
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
