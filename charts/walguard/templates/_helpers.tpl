{{/* Chart name, overridable. */}}
{{- define "walguard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the objects: the release name, with the chart name unless the release name contains it. */}}
{{- define "walguard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "walguard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "walguard.labels" -}}
helm.sh/chart: {{ include "walguard.chart" . }}
{{ include "walguard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: walguard
{{- end }}

{{/* Labels that select walguard's pods. */}}
{{- define "walguard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "walguard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "walguard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "walguard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding tls.crt, tls.key and ca.crt, and the cert-manager Certificate of the same name. */}}
{{- define "walguard.tlsSecretName" -}}
{{- printf "%s-tls" (include "walguard.fullname" .) }}
{{- end }}

{{/* DNS names the API server uses to reach the Service. */}}
{{- define "walguard.dnsNames" -}}
{{- $svc := include "walguard.fullname" . -}}
- {{ printf "%s.%s.svc" $svc .Release.Namespace }}
- {{ printf "%s.%s.svc.%s" $svc .Release.Namespace .Values.clusterDomain }}
{{- end }}

{{/* Namespaces the API server never sends to walguard: the exempt ones and walguard's own. */}}
{{- define "walguard.excludedNamespaces" -}}
{{- $namespaces := concat .Values.exemptNamespaces (list .Release.Namespace) | uniq -}}
{{- toJson $namespaces }}
{{- end }}

{{/* The image reference. */}}
{{- define "walguard.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The background audit's values. `helm upgrade --reuse-values` from a release made before the audit existed
has no `audit` block at all, so every value falls back to walguard's own default (the audit on).
*/}}
{{- define "walguard.audit.enabled" -}}
{{- if dig "audit" "enabled" true .Values.AsMap }}true{{ end }}
{{- end }}

{{- define "walguard.audit.interval" -}}
{{- dig "audit" "interval" "5m" .Values.AsMap }}
{{- end }}

{{- define "walguard.audit.eventsPerSecond" -}}
{{- dig "audit" "eventsPerSecond" 10 .Values.AsMap | int }}
{{- end }}

{{/*
The ServiceMonitor's values, with the chart's defaults for a release made before they existed (`helm upgrade
--reuse-values`, possibly with --set serviceMonitor.enabled=true only).
*/}}
{{- define "walguard.serviceMonitor.enabled" -}}
{{- if dig "serviceMonitor" "enabled" false .Values.AsMap }}true{{ end }}
{{- end }}

{{- define "walguard.serviceMonitor.interval" -}}
{{- dig "serviceMonitor" "interval" "30s" .Values.AsMap }}
{{- end }}

{{- define "walguard.serviceMonitor.scrapeTimeout" -}}
{{- dig "serviceMonitor" "scrapeTimeout" "10s" .Values.AsMap }}
{{- end }}

{{/*
TLS settings, joined for Quarkus. A release made before tls.cipherSuites existed (`helm upgrade --reuse-values`)
gets the chart's default suites rather than none. tls.protocols may be a list or one version as a string.
*/}}
{{- define "walguard.tls.protocols" -}}
{{- join "," (dig "tls" "protocols" (list "TLSv1.3" "TLSv1.2") .Values.AsMap) }}
{{- end }}

{{- define "walguard.tls.cipherSuites" -}}
{{- $default := list "TLS_AES_128_GCM_SHA256" "TLS_AES_256_GCM_SHA384" "TLS_CHACHA20_POLY1305_SHA256"
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" }}
{{- join "," (dig "tls" "cipherSuites" $default .Values.AsMap) }}
{{- end }}

{{/*
The pods' PriorityClass: priorityClassName if set; else the chart's own `<fullname>-critical`, unless
priorityClass.create is false; else none. A release made before priorityClass existed gets the chart's own.
*/}}
{{- define "walguard.priorityClass.create" -}}
{{- if and (not .Values.priorityClassName) (dig "priorityClass" "create" true .Values.AsMap) }}true{{ end }}
{{- end }}

{{- define "walguard.priorityClassName" -}}
{{- if .Values.priorityClassName }}
{{- .Values.priorityClassName }}
{{- else if include "walguard.priorityClass.create" . }}
{{- printf "%s-critical" (include "walguard.fullname" .) }}
{{- end }}
{{- end }}

{{/*
The NetworkPolicy's values, with the chart's defaults for a release made before they existed.
*/}}
{{- define "walguard.networkPolicy.enabled" -}}
{{- if dig "networkPolicy" "enabled" false .Values.AsMap }}true{{ end }}
{{- end }}

{{/* The labels of the walguard pods only: the selector labels match the helm test pod too. */}}
{{- define "walguard.webhookPodLabels" -}}
{{ include "walguard.selectorLabels" . }}
app.kubernetes.io/component: webhook
{{- end }}

{{/*
The node agent (docs/node-agent.md). Off unless agent.enabled; `dig` so that a release made before the agent
existed (helm upgrade --reuse-values, no `agent` block) keeps it off.
*/}}
{{- define "walguard.agent.enabled" -}}
{{- if dig "agent" "enabled" false .Values.AsMap }}true{{ end }}
{{- end }}

{{- define "walguard.agent.name" -}}
{{- printf "%s-node-agent" (include "walguard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The agent's pods have a name label of their own: the webhook's Service and Deployment must not select them. */}}
{{- define "walguard.agent.selectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-node-agent" (include "walguard.name" .) }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "walguard.agent.labels" -}}
helm.sh/chart: {{ include "walguard.chart" . }}
{{ include "walguard.agent.selectorLabels" . }}
app.kubernetes.io/component: node-agent
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: walguard
{{- end }}
