# tecsync_add_plugin(NAME SOURCES a.cpp b.cpp [LIBS lib…])
# Builds a plugin as a MODULE library `tecsync_<NAME>.so` into the build tree's
# plugin folder, with hidden visibility so that only the SDK's entry symbols
# are exported, and installs it into the packaged plugin folder.
function(tecsync_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  set(target tecsync_plugin_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "tecsync_${name}"
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${TECSYNC_BUILD_PLUGIN_DIR}")
  target_link_libraries(${target} PRIVATE tecsync::sdk tecsync_warnings ${ARG_LIBS})
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  install(TARGETS ${target} LIBRARY DESTINATION "${TECSYNC_PLUGIN_INSTALL_DIR}" COMPONENT runtime)
endfunction()
