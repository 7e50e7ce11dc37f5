package dev.walguard.policy;

/**
 * What the policy needs from an admission request, whatever its AdmissionReview version. The namespace is the
 * workload's ({@link Workload#namespace()}: the request's, else the object's).
 *
 * @param operation   what the request does
 * @param subResource the subresource, or null/empty
 * @param object      the workload in the request's object, or null when the object carries no pod template
 * @param oldObject   for UPDATE, the workload in oldObject, or null
 */
public record AdmissionInput(Operation operation, String subResource, Workload object, Workload oldObject) {}
