# Tests of `marklint audit` (included by tests/CMakeLists.txt): one test
# per script tests/audit-NAME.sh, named audit:NAME, run as
#   sh audit-NAME.sh MARKLINT SOURCE_DIR BINARY_DIR
# (the zipped sample RFP comes from the build tree). audit:shards needs GNU
# parallel and is skipped (77) without it.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(ml_audit_python ${Python3_EXECUTABLE})
else()
  set(ml_audit_python python3)
endif()
file(GLOB ML_AUDIT_TESTS CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/audit-*.sh)
list(REMOVE_ITEM ML_AUDIT_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/audit-lib.sh)
list(SORT ML_AUDIT_TESTS)
foreach(script ${ML_AUDIT_TESTS})
  get_filename_component(name ${script} NAME_WE)
  string(REGEX REPLACE "^audit-" "" name "${name}")
  add_test(NAME audit:${name}
    COMMAND sh ${script} $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR}
      ${CMAKE_BINARY_DIR})
  set_tests_properties(audit:${name} PROPERTIES LABELS audit TIMEOUT 300
    SKIP_RETURN_CODE 77 FIXTURES_REQUIRED ml_rules_fixtures
    ENVIRONMENT "PYTHON=${ml_audit_python}")
endforeach()
