# The man pages' examples are tests, so the pages cannot drift.
add_test(NAME man:rules-example
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man-rules-example.sh
    $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR})
find_package(Python3 COMPONENTS Interpreter)
add_test(NAME man:options
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/man-options.py
    ${CMAKE_SOURCE_DIR})
