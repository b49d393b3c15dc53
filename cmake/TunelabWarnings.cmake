# tunelab_target_defaults(<target> [ALLOW_SQLITE]): the warning set, language level and
# layering guard every tunelab target uses. Only data_store (and tests that build hostile
# database fixtures) pass ALLOW_SQLITE.
function(tunelab_target_defaults target)
  cmake_parse_arguments(ARG "ALLOW_SQLITE" "" "" ${ARGN})
  target_compile_features(${target} PUBLIC cxx_std_20)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    return()
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual)
  # GCC 12 reports -Wrestrict inside libstdc++'s std::string at -O3 where there is no
  # overlap (GCC bug 105329, fixed in 13); it would make -Werror fail on correct code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(TUNELAB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(NOT ARG_ALLOW_SQLITE)
    target_compile_options(${target} PRIVATE -include ${PROJECT_SOURCE_DIR}/cmake/layering/no_sqlite.h)
  endif()
endfunction()
