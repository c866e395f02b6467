{{/* The chart's name, or nameOverride. */}}
{{- define "s3m.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name (fullnameOverride, else release-name), capped at 63 characters (a DNS label). */}}
{{- define "s3m.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "s3m.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "s3m.selectorLabels" -}}
app.kubernetes.io/name: {{ include "s3m.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "s3m.labels" -}}
{{ include "s3m.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "s3m.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "s3m.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create=false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag, the tag defaulting to the chart's appVersion. Call with (list .Values.x.image .Chart). */}}
{{- define "s3m.image" -}}
{{- $image := index . 0 -}}{{- $chart := index . 1 -}}
{{- printf "%s:%s" $image.repository (default $chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* Tolerations for people to read (NOTES): kubectl-taint style key=value:Effect, comma-joined. The operator gets JSON. */}}
{{- define "s3m.tolerationsText" -}}
{{- $specs := list -}}
{{- range . -}}
{{- $spec := .key -}}
{{- if and .value (ne (default "Equal" .operator) "Exists") }}{{ $spec = printf "%s=%s" $spec .value }}{{ end -}}
{{- if .effect }}{{ $spec = printf "%s:%s" $spec .effect }}{{ end -}}
{{- if .tolerationSeconds }}{{ $spec = printf "%s (%vs)" $spec .tolerationSeconds }}{{ end -}}
{{- $specs = append $specs $spec -}}
{{- end -}}
{{- join ", " $specs -}}
{{- end -}}

{{/* A node selector map as key=value pairs, comma-joined, sorted (stable output). */}}
{{- define "s3m.nodeSelectorSpecs" -}}
{{- $specs := list -}}
{{- range $key, $value := . }}{{ $specs = append $specs (printf "%s=%s" $key $value) }}{{ end -}}
{{- join "," $specs -}}
{{- end -}}

{{- /*
The platform's own storage (platform.storage) and the four operator settings it generates, in one place, as JSON
(`include "s3m.platformStorage" . | fromJson`):
- endpoint: the destination default (S3MIGRATION_PLATFORM_STORAGE_ENDPOINT);
- allowlist: endpoints.allowlist plus the storage endpoint itself, exactly as written (scheme, host and port must
  match: the narrowest entry there is), so a destination there may resolve to private addresses;
- destinations: destinations.allowed, or [the storage endpoint] when that is empty, or nothing with
  destinations.allowAny (any destination);
- cidrs: egress.allowedCidrs plus platform.storage.cidrs, plus the endpoint's own /32 (/128) when its host is an
  IP literal.
The user's own entries come first and are kept: the lists add up (an endpoint allowlisted for a private source must
not push the storage out). Without platform.storage.endpoint the four are the user's values, unchanged.
*/}}
{{- define "s3m.platformStorage" -}}
{{- $storage := .Values.platform.storage | default dict -}}
{{- $endpoint := $storage.endpoint | default "" -}}
{{- $allowlist := .Values.endpoints.allowlist | default list -}}
{{- $destinations := .Values.destinations.allowed | default list -}}
{{- $cidrs := .Values.egress.allowedCidrs | default list -}}
{{- if and .Values.destinations.allowAny $destinations -}}
{{- fail (printf "destinations.allowAny=true lets MigrationJobs copy anywhere, but destinations.allowed lists %s: set one of the two" (join ", " $destinations)) -}}
{{- end -}}
{{- if $endpoint -}}
{{- $host := (urlParse $endpoint).hostname -}}
{{- $allowlist = append $allowlist $endpoint -}}
{{- if not (or $destinations .Values.destinations.allowAny) }}{{ $destinations = list $endpoint }}{{ end -}}
{{- $cidrs = concat $cidrs ($storage.cidrs | default list) -}}
{{- if regexMatch "^[0-9]+(\\.[0-9]+){3}$" $host }}{{ $cidrs = append $cidrs (printf "%s/32" $host) -}}
{{- else if contains ":" $host }}{{ $cidrs = append $cidrs (printf "%s/128" $host) }}{{ end -}}
{{- if and (regexMatch "(^localhost|\\.svc|\\.local|\\.internal)$" $host) (not $cidrs) -}}
{{- fail (printf "platform.storage.endpoint %s is a name inside the cluster, and no CIDR lets the copy pods reach it: set platform.storage.cidrs to the networks it resolves to (a Service's ClusterIP range, which the copier checks, and its pods' range, which the copy pod's NetworkPolicy sees)" $endpoint) -}}
{{- end -}}
{{- end -}}
{{- dict "endpoint" $endpoint "allowlist" (uniq $allowlist) "destinations" $destinations "cidrs" (uniq $cidrs) | toJson -}}
{{- end -}}

{{/* One env var when the value is not empty; lists are comma-joined (SmallRye's list syntax). */}}
{{- define "s3m.env" -}}
{{- $name := index . 0 -}}{{- $value := index . 1 -}}
{{- if kindIs "slice" $value }}{{ $value = join "," $value }}{{ end -}}
{{- if or (kindIs "bool" $value) (kindIs "float64" $value) (kindIs "int64" $value) (kindIs "int" $value) (ne (toString $value) "") }}
- name: {{ $name }}
  value: {{ toString $value | quote }}
{{- end -}}
{{- end -}}

{{- /*
The operator's permissions, nothing more (ChartTest.operatorRulesAreLeastPrivilege lists why each verb is there):
- MigrationJobs: watched (list/watch); the operator writes only their status, never spec or metadata; finalizers:
  update lets it set blockOwnerDeletion on what it owns where OwnerReferencesPermissionEnforcement is on.
- Secrets: get only for reading (the tenant's credential Secrets and its own <name>-credentials, by name; no
  informer, so no list/watch, which would expose every Secret in scope); create/patch its <name>-credentials;
  delete that one when the migration ends, and the tenant's with credentialsRetention DeleteWhenDone.
- ServiceAccounts, ConfigMaps, NetworkPolicies, Jobs it creates: get/list/watch for the label-selected informers
  (RBAC cannot narrow these to labels; get adds nothing to list), create/patch for server-side apply (and the
  Job's suspend), create/update for the ConfigMap (JOSDK applies ConfigMaps without SSA); delete only Jobs (pause,
  cancel). Everything else is removed by the garbage collector.
- Pods: get/list/watch (informer of copy pods) and their log (progress); Events: create.
With watchNamespaces these are Roles in those namespaces; otherwise one ClusterRole.
*/}}
{{- define "s3m.operatorRules" -}}
- apiGroups: [s3migration.io]
  resources: [migrationjobs]
  # patch: the finalizer (deleting a MigrationJob that ran abandons it: its tenant Secrets are purged first)
  verbs: [get, list, watch, patch]
- apiGroups: [s3migration.io]
  resources: [migrationjobs/status]
  verbs: [patch, update]
- apiGroups: [s3migration.io]
  resources: [migrationjobs/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [secrets]
  # no patch/update: the credentials copy is immutable (replaced, never edited); tenant Secrets are only read or purged
  verbs: [get, create, delete]
- apiGroups: [""]
  resources: [serviceaccounts]
  verbs: [get, list, watch, create, patch]
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch, create, update]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch, create, patch]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, patch, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [pods/log]
  verbs: [get]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end -}}

{{/*
The binding of one of the chart's admission policies: Deny, in every namespace but the exempt ones and the release's
(narrowed by admissionPolicy.namespaceSelector). Call with (dict "name" NAME "root" $).
*/}}
{{- define "s3m.admissionPolicyBinding" -}}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: {{ .name }}
  labels:
    {{- include "s3m.labels" .root | nindent 4 }}
spec:
  policyName: {{ .name }}
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      {{- with .root.Values.admissionPolicy.namespaceSelector.matchLabels }}
      matchLabels:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: {{ toJson (append .root.Values.admissionPolicy.exemptNamespaces .root.Release.Namespace | uniq) }}
        {{- with .root.Values.admissionPolicy.namespaceSelector.matchExpressions }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end -}}

{{/*
The metrics Service's name, which is also the `job` label of the series the ServiceMonitor scrapes (the Prometheus
Operator's default): the alerts and the dashboard tell this release's operator apart by it.
*/}}
{{- define "s3m.metricsJob" -}}
{{- printf "%s-metrics" (include "s3m.fullname" .) -}}
{{- end -}}

{{- /*
The platform's per-migration limits (values: limits) as JSON (`include "s3m.limits" . | fromJson`), checked once here:
the maxima as given, and the default a MigrationJob that leaves a field out gets (the default, else the maximum, else
none; concurrency: else the copier's 64 when the maximum is above it), as policy/PlatformLimits derives them too.
A default above its maximum fails the install.
*/}}
{{- define "s3m.limits" -}}
{{- $bw := .Values.limits.bandwidthLimit -}}
{{- $cc := .Values.limits.concurrency -}}
{{- $bwMax := toString ($bw.max | default "") -}}
{{- $bwDefault := toString ($bw.default | default "") -}}
{{- if and $bwDefault $bwMax (gt (include "s3m.bytes" $bwDefault | float64) (include "s3m.bytes" $bwMax | float64)) -}}
{{- fail (printf "limits.bandwidthLimit.default %s is above limits.bandwidthLimit.max %s: lower the default or raise the maximum" $bwDefault $bwMax) -}}
{{- end -}}
{{- $ccMax := int ($cc.max | default 0) -}}
{{- $ccDefault := int ($cc.default | default 0) -}}
{{- if and $ccDefault $ccMax (gt $ccDefault $ccMax) -}}
{{- fail (printf "limits.concurrency.default %d is above limits.concurrency.max %d: lower the default or raise the maximum" $ccDefault $ccMax) -}}
{{- end -}}
{{- /* the copier's default (CopierSettings.DEFAULT_CONCURRENCY; LimitsChartTest keeps them equal) */ -}}
{{- $ccEffective := 64 -}}
{{- if $ccDefault }}{{ $ccEffective = $ccDefault }}{{ else if and $ccMax (lt $ccMax $ccEffective) }}{{ $ccEffective = $ccMax }}{{ end -}}
{{- dict "bandwidthLimitMax" $bwMax "bandwidthLimitDefault" ($bwDefault | default $bwMax) "concurrencyMax" $ccMax
      "concurrencyDefault" $ccEffective | toJson -}}
{{- end -}}

{{/* A quantity as the CRD's bandwidthLimit takes it (50Mi, 500k, 1.5G) in bytes, as a float, for comparisons. */}}
{{- define "s3m.bytes" -}}
{{- $units := dict "" 1 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 -}}
{{- $number := regexFind "^[0-9]+(\\.[0-9]+)?" (toString .) -}}
{{- mulf (float64 $number) (index $units (trimPrefix $number (toString .))) -}}
{{- end -}}
