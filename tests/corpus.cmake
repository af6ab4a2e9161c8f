# The real-world corpus (../shared/corpus/realworld, documents written by
# others, some broken on purpose): each must end in a result or a clear
# error, never a crash, a sanitizer report or a hang. Registered only when
# the corpus is beside the checkout (CI has it; a user's clone may not).
option(MARKLINT_CORPUS "Run marklint over ../shared/corpus/realworld" ON)
get_filename_component(ML_CORPUS_DIR
  ${CMAKE_SOURCE_DIR}/../shared/corpus/realworld ABSOLUTE)
if(MARKLINT_CORPUS AND IS_DIRECTORY ${ML_CORPUS_DIR})
  add_test(NAME corpus:realworld
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/run-corpus.sh
      $<TARGET_FILE:marklint> ${ML_CORPUS_DIR})
  set_tests_properties(corpus:realworld PROPERTIES TIMEOUT 1500)
endif()
