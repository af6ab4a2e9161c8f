# Golden tests of `marklint check` for the rules of MARKINGS.md 5
# (included by tests/CMakeLists.txt).
#
# One test per hand-written expectation file NAME.expect in
# fixtures/rules/<rule-id>/ (and in fixtures/sample/), named
# rules:<dir>/NAME. A package fixture (NAME.docx.d/) is run from the zipped
# copy the `fixtures` target makes in the build tree; a plain fixture (text,
# XML) from the source directory. There is no UPDATE mode: expectations come
# from the spec, not from the tool's output.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(STATUS "python3 not found: the rules: golden tests are not registered")
  return()
endif()

# The zipped fixtures must exist before these tests run: a ctest fixture
# builds the `fixtures` target (cheap when it is up to date, e.g. after
# `cmake --build`), so that `ctest -R '^rules:'` works on its own.
add_test(NAME rules-setup:fixtures
  COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target fixtures)
set_tests_properties(rules-setup:fixtures PROPERTIES
  FIXTURES_SETUP ml_rules_fixtures LABELS rules TIMEOUT 120)

file(GLOB ML_RULES_EXPECTED CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/fixtures/rules/*/*.expect
  ${CMAKE_SOURCE_DIR}/fixtures/sample/*.expect)
list(SORT ML_RULES_EXPECTED)
foreach(exp ${ML_RULES_EXPECTED})
  get_filename_component(srcdir ${exp} DIRECTORY)
  get_filename_component(dir ${srcdir} NAME)
  get_filename_component(file ${exp} NAME)
  string(REGEX REPLACE "\\.expect$" "" name "${file}")
  file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${srcdir})
  set(test rules:${dir}/${name})
  if(IS_DIRECTORY ${srcdir}/${name}.d)
    set(fixdir ${CMAKE_BINARY_DIR}/${rel})
  else()
    set(fixdir ${srcdir})
  endif()
  add_test(NAME ${test}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/run-rules.py
      $<TARGET_FILE:marklint> ${fixdir} ${name} ${srcdir})
  set_tests_properties(${test} PROPERTIES
    LABELS "rules;golden" TIMEOUT 30 FIXTURES_REQUIRED ml_rules_fixtures)
endforeach()
