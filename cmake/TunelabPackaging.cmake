# Installing tunelab and packing it as a Debian package (`cmake --install`, `cpack -G DEB`,
# scripts/package). What goes where, under the prefix:
#   bin/                         tunelab, tunelab-gui, tunelab-plot
#   lib/tunelab/                 the private shared libraries the programs load (RPATH $ORIGIN)
#   include/tunelab/probe/       the header-only region API (the SDK)
#   <libdir>/cmake/tunelab/      find_package(tunelab) → tunelab::probe
#   <libdir>/pkgconfig/          tunelab.pc (pkg-config --cflags tunelab), tunelab-c.pc
#   <libdir>/libtunelab_probe_c.a the C API (tunelab::probe_c)
#   share/doc/tunelab/           README and docs
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# lib/tunelab whatever the libdir: the programs look for their helpers at ../lib/tunelab.
set(TUNELAB_INSTALL_PRIVATE_LIBDIR "lib/tunelab")
# The programs find their private libraries relative to themselves, wherever the prefix is.
file(RELATIVE_PATH tunelab_bin_to_private "/prefix/${CMAKE_INSTALL_BINDIR}"
     "/prefix/${TUNELAB_INSTALL_PRIVATE_LIBDIR}")
set(TUNELAB_INSTALL_RPATH "$ORIGIN/${tunelab_bin_to_private}")

# tunelab_install_program(<target>…): a program under bin/ that finds the private libraries.
function(tunelab_install_program)
  foreach(target IN LISTS ARGN)
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "${TUNELAB_INSTALL_RPATH}")
    install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endforeach()
endfunction()

# tunelab_install_private_library(<target>…): a shared library only tunelab's programs load.
function(tunelab_install_private_library)
  foreach(target IN LISTS ARGN)
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN")
    install(TARGETS ${target} LIBRARY DESTINATION ${TUNELAB_INSTALL_PRIVATE_LIBDIR}
                              NAMELINK_SKIP)
  endforeach()
endfunction()

# The SDK: the region API as an imported target tunelab::probe, and a pkg-config file.
function(tunelab_install_sdk)
  install(TARGETS tunelab_probe tunelab_probe_c EXPORT tunelabTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/profiler/probe/include/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  set(cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/tunelab)
  install(EXPORT tunelabTargets NAMESPACE tunelab:: DESTINATION ${cmakedir})
  file(WRITE ${PROJECT_BINARY_DIR}/tunelabConfig.cmake
       "# find_package(tunelab): the region API as tunelab::probe (C++, header-only) and\n"
       "# tunelab::probe_c (C, a static library).\n"
       "include(CMakeFindDependencyMacro)\n"
       "find_dependency(Threads)\n"
       "include(\"\${CMAKE_CURRENT_LIST_DIR}/tunelabTargets.cmake\")\n")
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/tunelabConfigVersion.cmake
                                   VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/tunelabConfig.cmake
                ${PROJECT_BINARY_DIR}/tunelabConfigVersion.cmake DESTINATION ${cmakedir})
  configure_file(${PROJECT_SOURCE_DIR}/cmake/tunelab.pc.in ${PROJECT_BINARY_DIR}/tunelab.pc @ONLY)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/tunelab-c.pc.in ${PROJECT_BINARY_DIR}/tunelab-c.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/tunelab.pc ${PROJECT_BINARY_DIR}/tunelab-c.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
          PATTERN images EXCLUDE)
endfunction()

# cpack -G DEB: tunelab_<version>_<arch>.deb. Depends: from dpkg-shlibdeps over what the
# programs link (Qt, SQLite, fmt, libpfm4, OpenBLAS …); Recommends: the programs tunelab
# runs (mpirun for the MPI variants, valgrind for --counters valgrind).
set(CPACK_PACKAGE_NAME tunelab)
set(CPACK_PACKAGE_VENDOR "tunelab")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "tunelab developers <tunelab@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openmpi-bin, valgrind")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Measures reference workloads and your own programs (time, hardware counters, heap\nstatistics, regions) into SQLite, and reports speedup, efficiency, Amdahl fits,\nregressions and trends in a terminal, HTML, CI gates and a Qt desktop app.")
set(CPACK_STRIP_FILES ON)
include(CPack)
