#!/bin/sh
# A cuDNN ABI stand-in, for building this stack where NVIDIA's cuDNN archive cannot be had (CUDNN=standin, used by
# deploybench's own tests on a host without a GPU and without internet). NOT cuDNN: it has cuDNN 9's file name
# and soname (libcudnn.so.9) and exactly the cudnn* functions Debian's libtorch-cuda imports, so that the loader
# resolves them and `import torch` works; every function returns CUDNN_STATUS_NOT_SUPPORTED (3000) but
# cudnnGetVersion and cudnnGetCudartVersion (0: no version, so torch.backends.cudnn.version() raises and the
# job's fingerprint records cudnn as null, never a version it does not have) and cudnnGetErrorString. cuDNN's API takes
# opaque handles and plain values only, so no struct layout is involved. A GPU job on such an image fails at its
# first cuDNN call (an LSTM on CUDA); CPU jobs never call cuDNN. The image carries /etc/deploybench/cudnn-standin.
set -eu
# The folders are settings only for the script's own test (test/unit/images/cudnn-standin.test.ts).
libdir=${CUDNN_STANDIN_LIBDIR:-/usr/lib/x86_64-linux-gnu}
search=${CUDNN_STANDIN_SEARCH:-"$libdir/libtorch*.so* /usr/lib/python3/dist-packages/torch/lib/*.so*"}
marker=${CUDNN_STANDIN_MARKER:-/etc/deploybench/cudnn-standin}
tools=present
if ! command -v gcc >/dev/null || ! command -v nm >/dev/null; then
  tools=installed
  apt-get install -y --no-install-recommends gcc libc6-dev binutils >/dev/null
  # Marked automatic, so the autoremove below takes away only what nothing else installed needs (purging them by
  # name also removed python3-torch-cuda, which depends on some of them).
  apt-mark auto gcc libc6-dev binutils >/dev/null
fi
# shellcheck disable=SC2086 # $search holds globs
users=$(grep -l 'libcudnn\.so\.9' $search 2>/dev/null || true)
[ -n "$users" ] || { echo "cudnn-standin: no library of libtorch-cuda links libcudnn.so.9 (looked in $search)" >&2; exit 1; }
symbols=$(for f in $users; do nm -D --undefined-only "$f"; done | awk '{print $NF}' | sed 's/@.*//' | grep '^cudnn' | sort -u)
count=$(echo "$symbols" | wc -l)
src=$(mktemp -d)
{
  echo '#include <stddef.h>'
  for s in $symbols; do
    case "$s" in
      cudnnGetVersion | cudnnGetCudartVersion) echo "size_t $s(void) { return 0; }" ;;
      cudnnGetErrorString) echo 'const char *cudnnGetErrorString(int s) { (void)s; return "CUDNN_STATUS_NOT_SUPPORTED (deploybench cuDNN stand-in: no real cuDNN in this image)"; }' ;;
      *) echo "int $s(void) { return 3000; }" ;;
    esac
  done
} >"$src/cudnn.c"
gcc -shared -fPIC -O1 -Wl,-soname,libcudnn.so.9 -o "$libdir/libcudnn.so.9" "$src/cudnn.c"
mkdir -p "$(dirname "$marker")"
{
  echo "cuDNN stand-in (deploybench CUDNN=standin): not NVIDIA's cuDNN; $count functions, NOT_SUPPORTED (3000) but version 0 and the error string."
  echo "Imported by: $(echo $users)"
} >"$marker"
rm -rf "$src"
if [ "$tools" = installed ]; then apt-get autoremove -y --purge; fi
echo "cudnn-standin: $libdir/libcudnn.so.9 with $count functions"
