# tunelab_target_defaults(<target>): the warning set and language level every tunelab target uses.
function(tunelab_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    return()
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual)
  if(TUNELAB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
