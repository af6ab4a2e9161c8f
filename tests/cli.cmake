# Command-line tests of `marklint check` (included by tests/CMakeLists.txt).
#
# One test per script tests/cli-NAME.sh (cli-lib.sh is their helper),
# named cli:NAME, run as: sh cli-NAME.sh MARKLINT SOURCE_DIR. The JSON
# tests validate against the report schema of the shared spec
# (ML_REPORT_SCHEMA; they are skipped when it or python3-jsonschema is
# missing).
find_package(Python3 COMPONENTS Interpreter)
# The shared spec sits beside the checkout (as in CI); never copied here.
get_filename_component(ml_default_schema
  ${CMAKE_SOURCE_DIR}/../shared/spec/report.schema.json ABSOLUTE)
set(ML_REPORT_SCHEMA "${ml_default_schema}" CACHE FILEPATH
  "report.schema.json, for the JSON output tests")
if(Python3_Interpreter_FOUND)
  set(ml_cli_python ${Python3_EXECUTABLE})
else()
  set(ml_cli_python python3)
endif()
file(GLOB ML_CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cli-*.sh)
list(REMOVE_ITEM ML_CLI_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/cli-lib.sh)
list(SORT ML_CLI_TESTS)
foreach(script ${ML_CLI_TESTS})
  get_filename_component(name ${script} NAME_WE)
  string(REGEX REPLACE "^cli-" "" name "${name}")
  add_test(NAME cli:${name}
    COMMAND sh ${script} $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR})
  set_tests_properties(cli:${name} PROPERTIES LABELS cli TIMEOUT 120
    SKIP_RETURN_CODE 77
    ENVIRONMENT "PYTHON=${ml_cli_python};ML_REPORT_SCHEMA=${ML_REPORT_SCHEMA}")
endforeach()
