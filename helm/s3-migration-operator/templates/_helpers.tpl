{{/* The release's full name, capped at 63 characters (a DNS label). */}}
{{- define "s3m.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "s3m.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
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

{{/* Tolerations as the operator reads them: kubectl-taint style key=value:Effect / key:Effect, comma-joined. */}}
{{- define "s3m.tolerationSpecs" -}}
{{- $specs := list -}}
{{- range . -}}
{{- $spec := required "migrationNodes.tolerations[].key is required" .key -}}
{{- if and .value (ne (default "Equal" .operator) "Exists") }}{{ $spec = printf "%s=%s" $spec .value }}{{ end -}}
{{- if .effect }}{{ $spec = printf "%s:%s" $spec .effect }}{{ end -}}
{{- $specs = append $specs $spec -}}
{{- end -}}
{{- join "," $specs -}}
{{- end -}}

{{/* A node selector map as key=value pairs, comma-joined, sorted (stable output). */}}
{{- define "s3m.nodeSelectorSpecs" -}}
{{- $specs := list -}}
{{- range $key, $value := . }}{{ $specs = append $specs (printf "%s=%s" $key $value) }}{{ end -}}
{{- join "," $specs -}}
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
The operator's permissions, nothing more: the MigrationJobs it reconciles, the objects it owns for each run
(credentials Secret, NetworkPolicy, ServiceAccount, Job), the copy pod's status and log (progress), Events, and
the tenant Secrets a MigrationJob references (read; deleted with credentialsRetention DeleteWhenDone).
With watchNamespaces these are Roles in those namespaces; otherwise one ClusterRole.
*/}}
{{- define "s3m.operatorRules" -}}
- apiGroups: [s3migration.io]
  resources: [migrationjobs]
  verbs: [get, list, watch, patch, update]
- apiGroups: [s3migration.io]
  resources: [migrationjobs/status]
  verbs: [get, patch, update]
- apiGroups: [s3migration.io]
  resources: [migrationjobs/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [secrets, serviceaccounts, configmaps]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [pods/log]
  verbs: [get]
- apiGroups: ["", events.k8s.io]
  resources: [events]
  verbs: [create, patch, update]
{{- end -}}
