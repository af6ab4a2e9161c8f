# Bad-input tests of `marklint extract` (included by tests/CMakeLists.txt).
#
# make-bad-inputs.py writes the hostile inputs (a 2 GiB zip bomb among them)
# into the build directory at test time: the test bad:generate, a ctest
# fixture that every bad:CASE test requires. One test per case, named
# bad:CASE; the case list comes from make-bad-inputs.py --list, so a case
# added there is registered at the next configure.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the bad-input tests are not registered")
  return()
endif()
set(ML_BAD_GEN ${CMAKE_CURRENT_SOURCE_DIR}/make-bad-inputs.py)
set(ML_BAD_DIR ${CMAKE_BINARY_DIR}/bad-inputs)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ML_BAD_GEN})
execute_process(COMMAND ${Python3_EXECUTABLE} ${ML_BAD_GEN} --list
  OUTPUT_VARIABLE ML_BAD_CASES RESULT_VARIABLE rc
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make-bad-inputs.py --list failed: ${rc}")
endif()
string(REPLACE "\n" ";" ML_BAD_CASES "${ML_BAD_CASES}")

add_test(NAME bad:generate
  COMMAND ${Python3_EXECUTABLE} ${ML_BAD_GEN} ${ML_BAD_DIR})
set_tests_properties(bad:generate PROPERTIES
  FIXTURES_SETUP ml_bad_inputs LABELS bad TIMEOUT 600)
foreach(c ${ML_BAD_CASES})
  add_test(NAME bad:${c}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/bad-inputs.sh
      $<TARGET_FILE:marklint> ${ML_BAD_DIR} ${c})
  set_tests_properties(bad:${c} PROPERTIES
    FIXTURES_REQUIRED ml_bad_inputs LABELS bad TIMEOUT 300
    SKIP_RETURN_CODE 77)
endforeach()
