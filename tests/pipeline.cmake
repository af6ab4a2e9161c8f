# Pipeline tests of `marklint check` (issue 5): SARIF, JUnit, several
# outputs, baselines, suppressions. One test per tests/pipeline-NAME.sh,
# named pipeline:NAME, run as: sh pipeline-NAME.sh MARKLINT SOURCE_DIR
# (the helpers of cli-lib.sh). SARIF is validated against the official
# SARIF 2.1.0 schema of the shared spec (ML_SARIF_SCHEMA); the tests that
# need it or python3-jsonschema skip (77) with a message when missing.
find_package(Python3 COMPONENTS Interpreter)
get_filename_component(ml_default_sarif_schema
  ${CMAKE_SOURCE_DIR}/../shared/spec/sarif-schema-2.1.0.json ABSOLUTE)
set(ML_SARIF_SCHEMA "${ml_default_sarif_schema}" CACHE FILEPATH
  "sarif-schema-2.1.0.json, for the SARIF output tests")
get_filename_component(ml_default_report_schema
  ${CMAKE_SOURCE_DIR}/../shared/spec/report.schema.json ABSOLUTE)
if(Python3_Interpreter_FOUND)
  set(ml_pipeline_python ${Python3_EXECUTABLE})
else()
  set(ml_pipeline_python python3)
endif()
file(GLOB ML_PIPELINE_TESTS CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/pipeline-*.sh)
list(SORT ML_PIPELINE_TESTS)
foreach(script ${ML_PIPELINE_TESTS})
  get_filename_component(name ${script} NAME_WE)
  string(REGEX REPLACE "^pipeline-" "" name "${name}")
  add_test(NAME pipeline:${name}
    COMMAND sh ${script} $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR})
  set_tests_properties(pipeline:${name} PROPERTIES LABELS pipeline
    TIMEOUT 120 SKIP_RETURN_CODE 77
    ENVIRONMENT "PYTHON=${ml_pipeline_python};ML_SARIF_SCHEMA=${ML_SARIF_SCHEMA};ML_REPORT_SCHEMA=${ml_default_report_schema};ML_FIXTURES=${CMAKE_BINARY_DIR}/fixtures")
endforeach()
