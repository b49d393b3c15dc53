# TUNELAB_SANITIZE=address → AddressSanitizer + UndefinedBehaviorSanitizer; thread → ThreadSanitizer.
# Applied globally so that every object, tests included, is instrumented alike.
if(TUNELAB_FUZZ)
  # libFuzzer's coverage instrumentation on every object the targets link, with ASan and UBSan
  # (UB aborts, so libFuzzer sees it as a crash); the targets link -fsanitize=fuzzer.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TUNELAB_FUZZ needs clang++ (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
elseif(TUNELAB_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(TUNELAB_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT TUNELAB_SANITIZE STREQUAL "")
  message(FATAL_ERROR "TUNELAB_SANITIZE must be '', 'address' or 'thread', not '${TUNELAB_SANITIZE}'")
endif()
