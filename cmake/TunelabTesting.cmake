# tunelab_add_gtest(<name> SOURCES … LIBS …): one GoogleTest binary per module, its tests
# discovered into CTest one by one. ALLOW_SQLITE for tests that build database fixtures
# with SQLite directly; (so a failure names the test, and ctest -j spreads them).
# RUN_SERIAL for tests that measure how many cores a run kept busy: ctest -j runs nothing
# beside them.
function(tunelab_add_gtest name)
  cmake_parse_arguments(ARG "ALLOW_SQLITE;RUN_SERIAL" "" "SOURCES;LIBS;ENVIRONMENT" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    TUNELAB_TEST_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures"
    TUNELAB_TEST_SESSIONS="${PROJECT_BINARY_DIR}/tests/fixtures/sessions")
  if(TARGET tunelab_sweep_fixture)
    add_dependencies(${name} tunelab_sweep_fixture)
  endif()
  if(ARG_ALLOW_SQLITE)
    tunelab_target_defaults(${name} ALLOW_SQLITE)
  else()
    tunelab_target_defaults(${name})
  endif()
  # Only the properties that are set: an empty ENVIRONMENT value in the list shifted the pairs
  # after it, and RUN_SERIAL never reached CTest (the core-counting tests then ran beside
  # others and skipped their check).
  set(properties LABELS ${name})
  if(ARG_ENVIRONMENT)
    list(APPEND properties ENVIRONMENT "${ARG_ENVIRONMENT}")
  endif()
  if(ARG_RUN_SERIAL)
    list(APPEND properties RUN_SERIAL TRUE)
  endif()
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES ${properties})
endfunction()
