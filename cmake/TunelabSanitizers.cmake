# TUNELAB_SANITIZE=address → AddressSanitizer + UndefinedBehaviorSanitizer; thread → ThreadSanitizer.
# Applied globally so that every object, tests included, is instrumented alike.
if(TUNELAB_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(TUNELAB_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT TUNELAB_SANITIZE STREQUAL "")
  message(FATAL_ERROR "TUNELAB_SANITIZE must be '', 'address' or 'thread', not '${TUNELAB_SANITIZE}'")
endif()
