#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (as root, or a user with sudo):
#   tools/setup.sh run    install what is missing, build (Release), run the Mashhad baseline
#   tools/setup.sh test   install what is missing, build, run every test, then the sanitizer build's tests
#   tools/setup.sh build  install what is missing and build
# Idempotent: with everything installed and built it only checks and returns.
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-run}
jobs=$(nproc)

packages=(
    g++ cmake ninja-build pkg-config git
    libboost-dev libboost-mpi-dev openmpi-bin libcli11-dev
    libprotobuf-dev protobuf-compiler libssl-dev catch2 libnlopt-cxx-dev
    libsfml-dev libimgui-dev libgl-dev libfribidi-dev fonts-dejavu-core fonts-noto-core
    xvfb xauth libgl1-mesa-dri
)

install_missing_packages() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "setup: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR [cmake options...]
build() {
    local dir=$1
    shift
    if [ ! -f "$dir/build.ninja" ]; then
        cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
    fi
    cmake --build "$dir" -j "$jobs"
}

install_missing_packages
case "$mode" in
run)
    build build
    shift || true
    ./build/tools/innosim run "$@"
    ;;
build)
    build build
    ;;
test)
    build build
    (cd build && ctest --output-on-failure -j "$jobs")
    # The same tests under AddressSanitizer + UndefinedBehaviorSanitizer (the viewer's GL stack is left out).
    build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINNOSIM_SANITIZE=ON -DINNOSIM_BUILD_VIZ=OFF
    # Open MPI's own allocations show up as leaks under LeakSanitizer: the MPI tests run in the
    # Release pass above only.
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$jobs" -LE no-sanitizer \
        -E 'sweep --mpi|mpirun')
    ;;
*)
    echo "usage: tools/setup.sh [run|build|test]" >&2
    exit 2
    ;;
esac
