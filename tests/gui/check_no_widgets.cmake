# Fails when the link libraries passed in LIBS name Qt Widgets or Qt Charts.
foreach(lib IN LISTS LIBS)
  if(lib MATCHES "Widgets|Charts")
    message(FATAL_ERROR "tunelab_gui_core links ${lib}; gui_core must stay Qt Core/Gui only")
  endif()
endforeach()
message(STATUS "tunelab_gui_core links: ${LIBS}")
