{{/*
Chart name, truncated to the 63 characters Kubernetes names allow.
*/}}
{{- define "manifold.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: release-chart unless the release name already contains the chart name.
*/}}
{{- define "manifold.fullname" -}}
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

{{- define "manifold.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "manifold.labels" -}}
helm.sh/chart: {{ include "manifold.chart" . }}
{{ include "manifold.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: manifold
{{- end }}

{{- define "manifold.selectorLabels" -}}
app.kubernetes.io/name: {{ include "manifold.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels and selector labels of one component (serve, worker, migrate). Call with
(dict "ctx" $ "component" "serve").
*/}}
{{- define "manifold.componentLabels" -}}
{{ include "manifold.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "manifold.componentSelectorLabels" -}}
{{ include "manifold.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "manifold.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "manifold.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "manifold.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
The Secret holding the connection URLs: the existing one, or the one the chart creates.
*/}}
{{- define "manifold.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- include "manifold.fullname" . }}
{{- end }}
{{- end }}

{{/*
Environment of every manifold container: the connection URLs from the Secret, the port,
then the non-secret settings of .Values.env (sorted, so the pod template is stable).
*/}}
{{- define "manifold.env" -}}
- name: MANIFOLD_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "manifold.secretName" . }}
      key: {{ .Values.secrets.databaseURLKey }}
- name: MANIFOLD_REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "manifold.secretName" . }}
      key: {{ .Values.secrets.redisURLKey }}
{{- if or .Values.secrets.smtpURL .Values.secrets.smtpURLFromExistingSecret }}
- name: MANIFOLD_SMTP_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "manifold.secretName" . }}
      key: {{ .Values.secrets.smtpURLKey }}
{{- end }}
- name: MANIFOLD_ADDR
  value: {{ printf ":%d" (int .Values.serve.port) | quote }}
{{- range $k, $v := .Values.env }}
{{- if and (ne $k "MANIFOLD_DATABASE_URL") (ne $k "MANIFOLD_REDIS_URL") (ne $k "MANIFOLD_SMTP_URL") (ne $k "MANIFOLD_ADDR") }}
- name: {{ $k }}
  value: {{ toString $v | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by every pod.
*/}}
{{- define "manifold.podCommon" -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
A writable /tmp on a read-only root filesystem.
*/}}
{{- define "manifold.tmpVolume" -}}
volumes:
  - name: tmp
    emptyDir: {}
{{- end }}

{{- define "manifold.tmpMount" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}

{{/*
Annotation that rolls serve and worker pods when the chart-created Secret changes.
*/}}
{{- define "manifold.secretChecksum" -}}
{{- if not .Values.secrets.existingSecret -}}
checksum/secret: {{ printf "%s|%s" .Values.secrets.databaseURL .Values.secrets.redisURL | sha256sum }}
{{- end }}
{{- end }}
