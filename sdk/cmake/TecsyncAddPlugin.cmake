# tecsync_add_plugin(<name> SOURCES <src>... [LIBS <lib>...]
#                    [OUTPUT_NAME <file stem>] [OUTPUT_DIRECTORY <dir>]
#                    [INSTALL_DESTINATION <dir> [COMPONENT <component>]])
#
# Builds a tecsync plugin: a MODULE library (dlopen-only, never linked
# against) named `<OUTPUT_NAME>.so` with no `lib` prefix; OUTPUT_NAME defaults
# to `tecsync_<name>`, the name the host's packaged plugins use. The target is
# `tecsync_plugin_<name>`.
#
# Why each setting:
#  * hidden visibility (also for inline functions): the host only needs the
#    three entry symbols that the TECSYNC_SOURCE/TRANSFORM/SINK macro exports
#    in ELF section `tecsync`; anything else visible could clash with the host
#    or other plugins;
#  * `-Wl,--no-undefined`: a symbol the plugin needs but does not carry fails
#    the build, not the first cycle on a server (the host loads RTLD_NOW);
#  * links `tecsync::sdk` (headers, C++20, Boost headers).
#
# Optional defaults, so a project with many plugins says them once:
#   TECSYNC_PLUGIN_OUTPUT_DIRECTORY      default for OUTPUT_DIRECTORY
#   TECSYNC_PLUGIN_INSTALL_DESTINATION   default for INSTALL_DESTINATION (no install when unset)
#   TECSYNC_PLUGIN_INSTALL_COMPONENT     default for COMPONENT
#   TECSYNC_PLUGIN_LINK_LIBRARIES        libraries every plugin also links (e.g. a warnings target)
#
# Shipped with the SDK (`find_package(tecsync-sdk)` includes this file) and
# used by tecsync's own plugins, so both are built the same way.
include_guard(GLOBAL)

function(tecsync_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME;OUTPUT_DIRECTORY;INSTALL_DESTINATION;COMPONENT" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "tecsync_add_plugin(${name}): SOURCES is required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tecsync_add_plugin(${name}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET tecsync::sdk)
    message(FATAL_ERROR "tecsync_add_plugin(${name}): target tecsync::sdk is missing; call find_package(tecsync-sdk) first")
  endif()
  foreach(opt OUTPUT_DIRECTORY INSTALL_DESTINATION)
    if(NOT ARG_${opt} AND DEFINED TECSYNC_PLUGIN_${opt})
      set(ARG_${opt} "${TECSYNC_PLUGIN_${opt}}")
    endif()
  endforeach()
  if(NOT ARG_COMPONENT AND DEFINED TECSYNC_PLUGIN_INSTALL_COMPONENT)
    set(ARG_COMPONENT "${TECSYNC_PLUGIN_INSTALL_COMPONENT}")
  endif()
  if(NOT ARG_OUTPUT_NAME)
    set(ARG_OUTPUT_NAME "tecsync_${name}")
  endif()

  set(target tecsync_plugin_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "${ARG_OUTPUT_NAME}"
    PREFIX ""
    SUFFIX ".so"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  endif()
  target_link_libraries(${target} PRIVATE tecsync::sdk ${TECSYNC_PLUGIN_LINK_LIBRARIES} ${ARG_LIBS})
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  if(ARG_INSTALL_DESTINATION)
    if(ARG_COMPONENT)
      install(TARGETS ${target} LIBRARY DESTINATION "${ARG_INSTALL_DESTINATION}" COMPONENT "${ARG_COMPONENT}")
    else()
      install(TARGETS ${target} LIBRARY DESTINATION "${ARG_INSTALL_DESTINATION}")
    endif()
  endif()
endfunction()
