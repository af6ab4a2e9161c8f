# Pathological documents with time and memory bounds (included by
# tests/CMakeLists.txt): one test per case of hostile.py, named
# hostile:CASE. Each generates its input in the build tree at run time
# (some inflate to gigabytes; they are deleted after the run) and asserts
# the bounds stated in hostile.py and in marklint(1), LIMITS. Under
# MARKLINT_SANITIZE the bounds are multiplied by four.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the hostile-input tests are not registered")
  return()
endif()
set(ML_HOSTILE ${CMAKE_CURRENT_SOURCE_DIR}/hostile.py)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ML_HOSTILE})
execute_process(COMMAND ${Python3_EXECUTABLE} ${ML_HOSTILE} --list
  OUTPUT_VARIABLE ML_HOSTILE_CASES RESULT_VARIABLE rc
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hostile.py --list failed: ${rc}")
endif()
string(REPLACE "\n" ";" ML_HOSTILE_CASES "${ML_HOSTILE_CASES}")
if(MARKLINT_SANITIZE)
  set(ml_hostile_env "ML_SANITIZE=1")
else()
  set(ml_hostile_env "ML_SANITIZE=0")
endif()
foreach(c ${ML_HOSTILE_CASES})
  add_test(NAME hostile:${c}
    COMMAND ${Python3_EXECUTABLE} ${ML_HOSTILE} $<TARGET_FILE:marklint>
      ${CMAKE_BINARY_DIR}/hostile ${c})
  # RUN_SERIAL: a time bound means little while another test hogs the CPU
  set_tests_properties(hostile:${c} PROPERTIES LABELS hostile TIMEOUT 300
    RUN_SERIAL ON ENVIRONMENT "${ml_hostile_env}")
endforeach()
