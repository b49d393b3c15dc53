# Facts about this build that sessions record (compiler, flags, build type), fixed at configure time.
# The git revision of the measured tree is read at run time instead, so a rebuild is not needed
# for it to be right.
string(TOUPPER "${CMAKE_BUILD_TYPE}" _tunelab_bt)
set(TUNELAB_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
set(TUNELAB_COMPILER_FLAGS "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_tunelab_bt}}")
string(STRIP "${TUNELAB_COMPILER_FLAGS}" TUNELAB_COMPILER_FLAGS)
set(TUNELAB_BUILD_TYPE "${CMAKE_BUILD_TYPE}")
if(TUNELAB_SANITIZE)
  string(APPEND TUNELAB_BUILD_TYPE "+${TUNELAB_SANITIZE}-sanitizer")
endif()
