#!/usr/bin/env bash
# What `cmake --install` and `cpack -G DEB` make of a build, checked as a user meets them:
#   install_check.sh BUILD_DIR SOURCE_DIR WORK_DIR
# 1. install into a prefix of its own; the installed tunelab runs (its private library found
#    through RPATH);
# 2. a program built with find_package(tunelab) against that prefix records its regions under
#    $TUNELAB_REGIONS and alone writes nothing; the same with pkg-config's flags;
# 3. the .deb: its name, its Depends (from dpkg-shlibdeps) and the files it installs.
set -euo pipefail
build=$(realpath "$1") source=$(realpath "$2") work=$(realpath -m "$3")
rm -rf "$work" && mkdir -p "$work"
fail() { echo "install_check: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
"$work/prefix/bin/tunelab" --version | grep -q tunelab || fail "the installed tunelab does not run"
ldd "$work/prefix/bin/tunelab" | grep -q "not found" && fail "the installed tunelab misses a library"

cmake -S "$source/tests/packaging/sdk_example" -B "$work/example" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DSDK_EXAMPLE_SOURCE="$source/tests/profiler/sdk_program.cc" \
  -DSDK_EXAMPLE_C_SOURCE="$source/tests/profiler/sdk_program_c.c" \
  > "$work/example.log" 2>&1 || fail "find_package(tunelab) failed: $(tail -5 "$work/example.log")"
cmake --build "$work/example" > "$work/example-build.log" || fail "the example did not build"
TUNELAB_REGIONS="$work/regions.txt" "$work/example/sdk_example" > "$work/under.txt"
env -u TUNELAB_REGIONS "$work/example/sdk_example" > "$work/alone.txt"
cmp -s "$work/under.txt" "$work/alone.txt" || fail "the program's output differs under tunelab"
grep -qP '^1\t[0-9.e-]+\tparse$' "$work/regions.txt" || fail "no 'parse' region: $(cat "$work/regions.txt")"
grep -qP '^6\t[0-9.e-]+\twork$' "$work/regions.txt" || fail "no 'work' region: $(cat "$work/regions.txt")"
TUNELAB_REGIONS="$work/regions-cmake-c.txt" "$work/example/sdk_example_c" > /dev/null
grep -qP '^1\t[0-9.e-]+\tparse$' "$work/regions-cmake-c.txt" || fail "tunelab::probe_c recorded no 'parse'"

# The installed tunelab measures that program: its regions, and its heap through the installed
# preload library (found at ../lib/tunelab from the program).
(cd "$work" && "$work/prefix/bin/tunelab" run -r 2 --name sdk --db "$work/user.db" -q --no-report \
   -- "$work/example/sdk_example" > "$work/run.log" 2>&1) || fail "tunelab run -- sdk_example: $(tail -3 "$work/run.log")"
"$work/prefix/bin/tunelab" export --db "$work/user.db" --view regions > "$work/regions.csv" \
  || fail "export of the regions failed"
grep -q ',parse,[0-9.e-]*,1$' "$work/regions.csv" || fail "no parse region stored: $(head -3 "$work/regions.csv")"
"$work/prefix/bin/tunelab" export --db "$work/user.db" --view alloc > "$work/alloc.csv"
[[ $(wc -l < "$work/alloc.csv") -ge 3 ]] || fail "no heap statistics stored: $(cat "$work/alloc.csv")"

flags=$(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags tunelab) \
  || fail "pkg-config does not know tunelab"
c++ $flags "$source/tests/profiler/sdk_program.cc" -o "$work/pc_example" -pthread \
  || fail "the example did not build with pkg-config's flags ($flags)"
TUNELAB_REGIONS="$work/regions-pc.txt" "$work/pc_example" > /dev/null
grep -q parse "$work/regions-pc.txt" || fail "the pkg-config build recorded no regions"

cflags=$(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs tunelab-c) \
  || fail "pkg-config does not know tunelab-c"
cc "$source/tests/profiler/sdk_program_c.c" $cflags -o "$work/c_example" \
  || fail "the C example did not build with pkg-config's flags ($cflags)"
TUNELAB_REGIONS="$work/regions-c.txt" "$work/c_example" > /dev/null
grep -qP '^3\t[0-9.e-]+\twork$' "$work/regions-c.txt" || fail "the C program recorded no 'work'"

(cd "$build" && cpack -G DEB -B "$work/deb" > "$work/cpack.log") || fail "cpack: $(tail -5 "$work/cpack.log")"
deb=$(ls "$work"/deb/tunelab_*_amd64.deb) || fail "no tunelab_<version>_amd64.deb"
info=$(dpkg-deb -I "$deb")
for dep in libsqlite3-0 libfmt9 libpfm4 libqt6charts6 libqt6widgets6; do
  grep -q "^ Depends:.*$dep" <<<"$info" || fail "Depends lacks $dep: $(grep Depends <<<"$info")"
done
files=$(dpkg-deb -c "$deb")
for f in ./usr/bin/tunelab ./usr/bin/tunelab-gui ./usr/bin/tunelab-plot \
         ./usr/include/tunelab/probe/region.h ./usr/include/tunelab/probe/env_recorder.h \
         ./usr/lib/cmake/tunelab/tunelabConfig.cmake ./usr/lib/pkgconfig/tunelab.pc \
         ./usr/include/tunelab/probe/region_c.h ./usr/lib/libtunelab_probe_c.a \
         ./usr/lib/tunelab/libtunelab_jemalloc.so ./usr/lib/tunelab/libtunelab_preload.so \
         ./usr/share/doc/tunelab/README.md; do
  grep -q " $f\$" <<<"$files" || fail "the package lacks $f"
done
echo "install_check: $(basename "$deb") — $(grep '^ Depends:' <<<"$info" | cut -c1-120)…"
