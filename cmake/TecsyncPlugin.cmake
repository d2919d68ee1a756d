# tecsync_add_plugin(NAME SOURCES a.cpp b.cpp [LIBS lib…])
# tecsync's own plugins use the helper the SDK ships (sdk/cmake/TecsyncAddPlugin.cmake:
# MODULE `tecsync_<NAME>.so`, no prefix, hidden visibility, --no-undefined), so they
# are built exactly as a third party's. In tree they also go to the build tree's
# plugin folder, get the project's warnings, and install into the packaged
# plugin folder (component runtime).
include("${CMAKE_CURRENT_LIST_DIR}/../sdk/cmake/TecsyncAddPlugin.cmake")
set(TECSYNC_PLUGIN_OUTPUT_DIRECTORY "${TECSYNC_BUILD_PLUGIN_DIR}")
set(TECSYNC_PLUGIN_INSTALL_DESTINATION "${TECSYNC_PLUGIN_INSTALL_DIR}")
set(TECSYNC_PLUGIN_INSTALL_COMPONENT runtime)
set(TECSYNC_PLUGIN_LINK_LIBRARIES tecsync_warnings)

# tecsync_add_plugin_impl(TARGET SOURCES a.cpp b.cpp [LIBS lib…])
# The implementation of an in-tree plugin as a STATIC library that the plugin
# MODULE and the unit tests both link, so tests exercise the code the plugin
# runs. Position independent (it goes into a .so) with hidden visibility (each
# module keeps its own copy to itself); the folder is a PUBLIC include
# directory; tecsync::sdk and LIBS are linked PUBLIC, the project's warnings
# PRIVATE.
function(tecsync_add_plugin_impl target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LIBS")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "tecsync_add_plugin_impl(${target}): SOURCES is required")
  endif()
  add_library(${target} STATIC ${arg_SOURCES})
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC tecsync::sdk ${arg_LIBS} PRIVATE tecsync_warnings)
endfunction()
