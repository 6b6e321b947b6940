# Sourced by start.sh and the import step: the environment n8n runs with in the benchmarks.
# Offline, isolated, no telemetry; saving follows N8N_BENCH_SAVING (on|off).
: "${N8N_BENCH_SAVING:=on}"
export DB_TYPE=sqlite
export N8N_LISTEN_ADDRESS=127.0.0.1
export N8N_HOST=127.0.0.1
export N8N_PROTOCOL=http
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_TEMPLATES_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
export N8N_HIRING_BANNER_ENABLED=false
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false
export N8N_SECURE_COOKIE=false
export N8N_LOG_LEVEL="${N8N_LOG_LEVEL:-warn}"
export GENERIC_TIMEZONE=UTC
export TZ=UTC
export EXECUTIONS_DATA_SAVE_ON_PROGRESS=false
if [ "$N8N_BENCH_SAVING" = "on" ]; then
  export EXECUTIONS_DATA_SAVE_ON_SUCCESS=all EXECUTIONS_DATA_SAVE_ON_ERROR=all EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS=true
else
  export EXECUTIONS_DATA_SAVE_ON_SUCCESS=none EXECUTIONS_DATA_SAVE_ON_ERROR=none EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS=false
fi
