{{/*
Chart name, truncated to the 63 characters that a DNS label allows.
*/}}
{{- define "vitsearch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources. The role suffixes ("-worker", "-postgresql") add up to 11
characters, so the base is cut to 52.
*/}}
{{- define "vitsearch.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "vitsearch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vitsearch.labels" -}}
helm.sh/chart: {{ include "vitsearch.chart" . }}
{{ include "vitsearch.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "vitsearch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vitsearch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "vitsearch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "vitsearch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "vitsearch.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "vitsearch.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "vitsearch.fullname" .) }}
{{- end }}

{{- define "vitsearch.artifacts.claimName" -}}
{{- default (printf "%s-artifacts" (include "vitsearch.fullname" .)) .Values.artifacts.existingClaim }}
{{- end }}

{{/*
Fails the render on database settings that would start a pod without a usable database. With no
VITSEARCH_DB_URL the service starts an embedded PostgreSQL inside the pod, which loses every
experiment on restart and is not shared between replicas.
*/}}
{{- define "vitsearch.validate" -}}
{{- $pg := .Values.postgresql }}
{{- if $pg.bundled.enabled }}
{{- if $pg.external.url }}
{{- fail "postgresql.bundled.enabled is true and postgresql.external.url is set; choose one of them" }}
{{- end }}
{{- else }}
{{- if not $pg.external.url }}
{{- fail "postgresql.external.url is missing; set it to a JDBC URL such as jdbc:postgresql://HOST:5432/vitsearch, or set postgresql.bundled.enabled=true for a trial database" }}
{{- end }}
{{- if not $pg.external.existingSecret }}
{{- fail "postgresql.external.existingSecret is missing; create a Secret with the database password and name it here" }}
{{- end }}
{{- end }}
{{- if .Values.datasets.enabled }}
{{- if eq (empty .Values.datasets.hostPath) (empty .Values.datasets.existingClaim) }}
{{- fail "datasets.enabled is true; set exactly one of datasets.hostPath and datasets.existingClaim" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Container environment shared by the API and worker pods. Call with a dict of "root" (the top
context), "roles" (the value of VITSEARCH_ROLES) and "jvmOptions".
*/}}
{{- define "vitsearch.env" -}}
{{- $root := .root }}
{{- $pg := $root.Values.postgresql -}}
- name: VITSEARCH_ROLES
  value: {{ .roles | quote }}
- name: VITSEARCH_PORT
  value: "8080"
{{- if $pg.bundled.enabled }}
- name: VITSEARCH_DB_URL
  value: {{ printf "jdbc:postgresql://%s:5432/%s" (include "vitsearch.postgresql.fullname" $root) $pg.bundled.database | quote }}
- name: VITSEARCH_DB_USER
  value: {{ $pg.bundled.user | quote }}
- name: VITSEARCH_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "vitsearch.postgresql.fullname" $root }}
      key: password
{{- else }}
- name: VITSEARCH_DB_URL
  value: {{ $pg.external.url | quote }}
- name: VITSEARCH_DB_USER
  value: {{ $pg.external.user | quote }}
- name: VITSEARCH_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pg.external.existingSecret }}
      key: {{ $pg.external.passwordKey }}
{{- end }}
- name: VITSEARCH_ARTIFACTS_DIRECTORY
  value: /var/lib/vitsearch/artifacts
{{- /* The image's JAVA_TOOL_OPTIONS is replaced, not extended, so its offline DJL flags come first here. */}}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "-Dai.djl.offline=true -DPYTORCH_VERSION=%s %s" $root.Values.pytorchVersion .jvmOptions | trim | quote }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Probes of the API and worker containers.
*/}}
{{- define "vitsearch.probes" -}}
{{- $probes := .Values.probes -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ $probes.startup.periodSeconds }}
  failureThreshold: {{ $probes.startup.failureThreshold }}
  timeoutSeconds: {{ $probes.startup.timeoutSeconds }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: {{ $probes.readiness.periodSeconds }}
  failureThreshold: {{ $probes.readiness.failureThreshold }}
  timeoutSeconds: {{ $probes.readiness.timeoutSeconds }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ $probes.liveness.periodSeconds }}
  failureThreshold: {{ $probes.liveness.failureThreshold }}
  timeoutSeconds: {{ $probes.liveness.timeoutSeconds }}
{{- end }}

{{/*
Pod annotations of the API and worker pods. Call with a dict of "root" and "extra" (the role's
podAnnotations).
*/}}
{{- define "vitsearch.podAnnotations" -}}
{{- $annotations := dict }}
{{- if .root.Values.metrics.podAnnotations }}
{{- $_ := set $annotations "prometheus.io/scrape" "true" }}
{{- $_ := set $annotations "prometheus.io/path" "/actuator/prometheus" }}
{{- $_ := set $annotations "prometheus.io/port" "8080" }}
{{- end }}
{{- $annotations = merge (deepCopy (.extra | default dict)) (deepCopy (.root.Values.podAnnotations | default dict)) $annotations }}
{{- with $annotations }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/*
Volumes and mounts of the API and worker pods.
*/}}
{{- define "vitsearch.volumes" -}}
- name: artifacts
  persistentVolumeClaim:
    claimName: {{ include "vitsearch.artifacts.claimName" . }}
{{- if .Values.datasets.enabled }}
- name: datasets
  {{- if .Values.datasets.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.datasets.existingClaim }}
    readOnly: true
  {{- else }}
  hostPath:
    path: {{ .Values.datasets.hostPath }}
    type: Directory
  {{- end }}
{{- end }}
{{- end }}

{{- define "vitsearch.volumeMounts" -}}
- name: artifacts
  mountPath: /var/lib/vitsearch/artifacts
{{- if .Values.datasets.enabled }}
- name: datasets
  mountPath: /usr/share/datasets
  readOnly: true
{{- end }}
{{- end }}
