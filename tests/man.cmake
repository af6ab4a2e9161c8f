# The man pages' examples are tests, so the pages cannot drift.
add_test(NAME man:rules-example
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man-rules-example.sh
    $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR})
find_package(Python3 COMPONENTS Interpreter)
add_test(NAME man:options
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/man-options.py
    ${CMAKE_SOURCE_DIR})
# Every man page is clean under mandoc -Tlint (style level).
add_test(NAME man:lint
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man-lint.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(man:lint PROPERTIES SKIP_RETURN_CODE 77)
# DIAGNOSTICS lists every error code the sources can emit, and no other.
add_test(NAME man:diagnostics
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/man-diagnostics.py
    ${CMAKE_SOURCE_DIR})
