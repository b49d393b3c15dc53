# tunelab_target_defaults(<target>): the warning set and language level every tunelab target uses.
function(tunelab_target_defaults target)
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
endfunction()
