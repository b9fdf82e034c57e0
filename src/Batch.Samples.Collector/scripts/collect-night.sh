#!/usr/bin/env bash
# The seed's example night (수집 배치 예제), working: clear tmp/, health check, first try of CODE (01 database tables, 02 HTTP API
# resources; run the script once per code, as the seed runs codes on separate servers); on failure wait and try again;
# on failure wait until a set hour and try a third time; post-steps for each connection that fully succeeded; gather the results.
#
#   collect-night.sh [BASETIME]        BASETIME defaults to today 00:00:00 (yyyyMMdd000000)
#
# Environment (the seed's waits are parameters, so a test runs the whole night in seconds):
#   DATALAKE_COLLECTOR   the collector's base directory (cfg/, tmp/, the lake root)          (required)
#   COLLECTOR            how to run the collector     (default: dotnet "$DATALAKE_COLLECTOR/bin/Batch.Samples.Collector.dll")
#   CONNECTIONS          the connection numbers (연결관리번호) to collect, space-separated     (required)
#   CODE                 the integration method code (연계방식코드): 01 database, 02 HTTP API    (default: 01)
#   Collector__Http__*   the API client's timeouts and retries (AttemptTimeoutSeconds, TotalTimeoutSeconds, Retries,
#                        RetryDelayMilliseconds), as environment variables
#   RETRY_WAIT_SECONDS   the wait before the second try                                       (default: 1800, the seed's 30 minutes)
#   RETRY_AT             HHMM to wait for before the third try                                (default: 1000, the seed's 10 a.m.)
#   POST_STEP            a command run once per connection that succeeded, with the connection number as its argument
#                        (default: echo the seed's placeholder)
set -u

: "${DATALAKE_COLLECTOR:?set DATALAKE_COLLECTOR to the base directory of the collector}"
: "${CONNECTIONS:?set CONNECTIONS to the connection numbers to collect}"
CODE="${CODE:-01}"
RETRY_WAIT_SECONDS="${RETRY_WAIT_SECONDS:-1800}"
RETRY_AT="${RETRY_AT:-1000}"
read -r -a COLLECT <<< "${COLLECTOR:-dotnet $DATALAKE_COLLECTOR/bin/Batch.Samples.Collector.dll}"
umask 022

# 배치수행일자
BATCHDATE="$(date +%Y%m%d000000)"
if [ "${1:-}" ]; then
    BATCHDATE="$1"
fi

cd "$DATALAKE_COLLECTOR" || exit 1

healthcheck() {
    if ! "${COLLECT[@]}" healthcheck; then
        echo "배치를 수행에 필요한 자원이 없음 (no reachable server of a kind: see the health check above)" >&2
        exit 1
    fi
}

# 임시 파일 삭제 (only inside the base directory)
"${COLLECT[@]}" cleantmp || exit 1

# 헬스 체크 수행, 수집 적재 1차 시도
healthcheck
"${COLLECT[@]}" batchrun "$BATCHDATE" "$CODE" $CONNECTIONS
EXITCODE="$?"

# 실패 시 대기 후 2차 시도
if [ "$EXITCODE" -ne 0 ]; then
    sleep "$RETRY_WAIT_SECONDS"
    healthcheck
    "${COLLECT[@]}" batchrun "$BATCHDATE" "$CODE" $CONNECTIONS
    EXITCODE="$?"
fi

# 실패 시 지정 시각(RETRY_AT)까지 대기 후 3차 시도
if [ "$EXITCODE" -ne 0 ]; then
    while [ "$(date +%H%M)" -lt "$RETRY_AT" ]; do
        sleep 10
    done
    healthcheck
    "${COLLECT[@]}" batchrun "$BATCHDATE" "$CODE" $CONNECTIONS
    EXITCODE="$?"
fi

# 특정 시스템 성공 시 후처리 수행
for CONN in $CONNECTIONS; do
    if "${COLLECT[@]}" batchcheck "$BATCHDATE" "$CONN"; then
        if [ "${POST_STEP:-}" ]; then
            $POST_STEP "$CONN"
        else
            echo "\"$CONN\"의 처리 성공 후 진행할 수 있는 후처리 수행 코드 작성"
        fi
    fi
done

# 배치 수행 결과를 정리
"${COLLECT[@]}" batchresult "$BATCHDATE" "$CODE"

exit "$EXITCODE"
