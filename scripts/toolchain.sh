# Sourced by ./test and ./demo: makes sure a Node >= 22 is first on PATH and the dependencies are installed.
# A fresh machine may have an older system Node; then Node 24 comes from the npm registry's `node` package,
# installed into the git-ignored .tools/ folder (the ./mvnw idea, without a download outside the registry).

kgov_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kgov_min_node_major=22

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local local_bin="$kgov_root/.tools/node/node_modules/.bin"
  if command -v node >/dev/null 2>&1 && [ "$(node_major)" -ge "$kgov_min_node_major" ]; then
    return 0
  fi
  if [ ! -x "$local_bin/node" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "kgov: npm is needed to provision Node 24 (system Node is missing or older than $kgov_min_node_major)." >&2
      exit 1
    fi
    echo "kgov: system Node is older than $kgov_min_node_major; installing Node 24 into .tools/node ..." >&2
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$kgov_root/.tools/node" node@24 >&2
  fi
  export PATH="$local_bin:$PATH"
  if [ "$(node_major)" -lt "$kgov_min_node_major" ]; then
    echo "kgov: could not provision Node >= $kgov_min_node_major (found $(node --version 2>/dev/null))." >&2
    exit 1
  fi
}

ensure_dependencies() {
  # npm ci only when the lock file changed since the last install, so repeated runs start fast.
  local stamp="$kgov_root/node_modules/.kgov-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$kgov_root/package-lock.json" "$stamp"; then
    (cd "$kgov_root" && npm ci --no-audit --no-fund --loglevel=error) >&2
    cp "$kgov_root/package-lock.json" "$stamp"
  fi
}

ensure_java_and_maven() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=("Java (JDK 17 or newer)")
  command -v mvn >/dev/null 2>&1 || missing+=("Maven")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "kgov: ${missing[*]} not found. The local Kafka and Schema Registry run from Maven Central jars and need" >&2
    echo "      a JDK 17+ and Maven on PATH (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven)." >&2
    exit 1
  fi
  local java_major
  java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
  if [ -n "$java_major" ] && [ "$java_major" -lt 17 ]; then
    echo "kgov: Java $java_major found; Kafka 4.x needs Java 17 or newer." >&2
    exit 1
  fi
}

ensure_chromium() {
  # The browser tests (test/browser/) drive Debian's Chromium through playwright-core; installed once, never skipped.
  [ -x /usr/bin/chromium ] && return 0
  echo "kgov: /usr/bin/chromium missing; installing Debian's chromium for the browser tests ..." >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } >&2 ||
    [ ! -x /usr/bin/chromium ]; then
    echo "kgov: could not install chromium (apt-get install chromium); the browser tests need /usr/bin/chromium." >&2
    exit 1
  fi
}
