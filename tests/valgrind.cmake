# The CLI's golden tests under valgrind (included by tests/CMakeLists.txt).
#
# With -DMARKLINT_VALGRIND=ON (off by default: about 3 minutes of CPU;
# .ci/run turns it on), every golden test (golden:extract/*, rules:* and
# the review memos) is registered a second time as valgrind:NAME, running
# marklint through a wrapper: valgrind --error-exitcode=99 --leak-check=full
# --errors-for-leak-kinds=definite. Any memory error or definite leak
# makes marklint exit 99 and the test fail. Run them with ctest -L
# valgrind.
option(MARKLINT_VALGRIND "Register the golden tests under valgrind" OFF)
if(NOT MARKLINT_VALGRIND)
  return()
endif()
find_program(ML_VALGRIND valgrind)
find_package(Python3 COMPONENTS Interpreter)
if(NOT ML_VALGRIND OR NOT Python3_Interpreter_FOUND)
  message(WARNING "valgrind or python3 not found: the valgrind tests are not registered")
  return()
endif()
if(MARKLINT_SANITIZE)
  message(WARNING "MARKLINT_VALGRIND with MARKLINT_SANITIZE: valgrind cannot run ASan builds")
  return()
endif()
# PCRE2's JIT code is opaque to memcheck (false reports of uninitialised
# values): tests/inject/nojit.c turns it off, marklint falls back to the
# interpreter.
add_library(ml_inject_nojit MODULE ${CMAKE_CURRENT_SOURCE_DIR}/inject/nojit.c)
set_target_properties(ml_inject_nojit PROPERTIES PREFIX "")
target_link_libraries(ml_inject_nojit PRIVATE PkgConfig::PCRE2)
# The wrapper: marklint's path stays the last word of the golden scripts.
set(ml_vg_dir ${CMAKE_BINARY_DIR}/valgrind)
file(MAKE_DIRECTORY ${ml_vg_dir})
file(GENERATE OUTPUT ${ml_vg_dir}/marklint CONTENT "#!/bin/sh
LD_PRELOAD=$<TARGET_FILE:ml_inject_nojit> exec ${ML_VALGRIND} -q --error-exitcode=99 --leak-check=full \\
  --errors-for-leak-kinds=definite --show-leak-kinds=definite \\
  $<TARGET_FILE:marklint> \"$@\"
" FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
  GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(ml_vg ${ml_vg_dir}/marklint)

# golden:extract/* (as golden.cmake registers them)
set(ml_src ${CMAKE_SOURCE_DIR}/fixtures/extract)
file(GLOB ml_expected CONFIGURE_DEPENDS
  ${ml_src}/*.out_text ${ml_src}/*.out_json)
list(SORT ml_expected)
foreach(exp ${ml_expected})
  get_filename_component(file ${exp} NAME)
  string(REGEX MATCH "^(.+)\\.out_(text|json)$" m "${file}")
  set(name ${CMAKE_MATCH_1})
  set(format ${CMAKE_MATCH_2})
  if(IS_DIRECTORY ${ml_src}/${name}.d)
    set(fixdir ${CMAKE_BINARY_DIR}/fixtures/extract)
  else()
    set(fixdir ${ml_src})
  endif()
  add_test(NAME valgrind:extract/${name}:${format}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/run-golden.sh ${ml_vg} ${fixdir}
      ${ml_src} ${name} ${format})
  set_tests_properties(valgrind:extract/${name}:${format} PROPERTIES
    LABELS valgrind TIMEOUT 300 FIXTURES_REQUIRED ml_rules_fixtures)
endforeach()

# rules:* (as rules-golden.cmake registers them)
file(GLOB ml_expected CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/fixtures/rules/*/*.expect
  ${CMAKE_SOURCE_DIR}/fixtures/sample/*.expect)
list(SORT ml_expected)
foreach(exp ${ml_expected})
  get_filename_component(srcdir ${exp} DIRECTORY)
  get_filename_component(dir ${srcdir} NAME)
  get_filename_component(file ${exp} NAME)
  string(REGEX REPLACE "\\.expect$" "" name "${file}")
  file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${srcdir})
  if(IS_DIRECTORY ${srcdir}/${name}.d)
    set(fixdir ${CMAKE_BINARY_DIR}/${rel})
  else()
    set(fixdir ${srcdir})
  endif()
  add_test(NAME valgrind:${dir}/${name}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/run-rules.py
      ${ml_vg} ${fixdir} ${name} ${srcdir})
  set_tests_properties(valgrind:${dir}/${name} PROPERTIES
    LABELS valgrind TIMEOUT 300 FIXTURES_REQUIRED ml_rules_fixtures)
endforeach()

# review:golden:* (as review.cmake registers them): the memo in every
# format, the Word memo's package included
foreach(pair "md;markdown" "html;html" "txt;text" "docx.document.xml;docx")
  list(GET pair 0 ext)
  list(GET pair 1 format)
  add_test(NAME valgrind:review:${format}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/review-golden.sh ${ml_vg}
      ${CMAKE_BINARY_DIR}/fixtures/sample
      ${CMAKE_SOURCE_DIR}/fixtures/review/rfp-draft.review.${ext} ${format})
  set_tests_properties(valgrind:review:${format} PROPERTIES
    LABELS valgrind TIMEOUT 300 FIXTURES_REQUIRED ml_rules_fixtures)
endforeach()

# serve:api (as serve.cmake registers it): the service answers every
# endpoint and error under valgrind, then exits 0 on SIGTERM (valgrind's
# 99 on any error or definite leak). ML_SERVE_SLOW stretches the test's
# own waits.
add_test(NAME valgrind:serve-api
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/serve-api.py
    ${ml_vg} ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
set_tests_properties(valgrind:serve-api PROPERTIES LABELS valgrind
  TIMEOUT 900 ENVIRONMENT "ML_SERVE_SLOW=20")

# helgrind: check -j2 and audit -j2 race-free under valgrind's race checker
# (the wrapper above is memcheck's: this one runs helgrind itself).
add_test(NAME valgrind:helgrind
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/helgrind.sh ${ML_VALGRIND}
    $<TARGET_FILE:marklint> ${CMAKE_CURRENT_SOURCE_DIR}/helgrind.supp
    ${CMAKE_BINARY_DIR}/fixtures)
set_tests_properties(valgrind:helgrind PROPERTIES LABELS valgrind
  TIMEOUT 900 FIXTURES_REQUIRED ml_rules_fixtures)
