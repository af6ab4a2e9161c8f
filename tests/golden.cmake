# Golden tests of `marklint extract` (included by tests/CMakeLists.txt).
#
# One test per expected file fixtures/extract/NAME.out_FORMAT, named
# golden:extract/NAME:FORMAT. A package fixture (NAME.docx.d/ ...) is run
# from the zipped copy the `fixtures` target makes in the build directory;
# a plain fixture (XML, text) from the source directory. Regenerate with
# UPDATE=1 ctest -R golden, then review the diff by eye.
set(ML_GOLDEN_SRC ${CMAKE_SOURCE_DIR}/fixtures/extract)
set(ML_GOLDEN_BIN ${CMAKE_BINARY_DIR}/fixtures/extract)
file(GLOB ML_GOLDEN_EXPECTED CONFIGURE_DEPENDS
  ${ML_GOLDEN_SRC}/*.out_text ${ML_GOLDEN_SRC}/*.out_json)
list(SORT ML_GOLDEN_EXPECTED)
foreach(exp ${ML_GOLDEN_EXPECTED})
  get_filename_component(file ${exp} NAME)
  string(REGEX MATCH "^(.+)\\.out_(text|json)$" m "${file}")
  set(name ${CMAKE_MATCH_1})
  set(format ${CMAKE_MATCH_2})
  if(IS_DIRECTORY ${ML_GOLDEN_SRC}/${name}.d)
    set(fixdir ${ML_GOLDEN_BIN})
  else()
    set(fixdir ${ML_GOLDEN_SRC})
  endif()
  set(test golden:extract/${name}:${format})
  add_test(NAME ${test}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/run-golden.sh
      $<TARGET_FILE:marklint> ${fixdir} ${ML_GOLDEN_SRC} ${name} ${format})
  set_tests_properties(${test} PROPERTIES LABELS golden TIMEOUT 30)
endforeach()
