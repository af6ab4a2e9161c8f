# Accuracy on documents marklint did not write: ../shared/bench/
# gen-corpus.py makes Word-like drafts with a manifest of what they hold
# (tests/generated-accuracy.py). Registered when the shared bench is beside
# the checkout (CI has it).
get_filename_component(ML_GEN_CORPUS
  ${CMAKE_SOURCE_DIR}/../shared/bench/gen-corpus.py ABSOLUTE)
if(EXISTS ${ML_GEN_CORPUS})
  find_package(Python3 COMPONENTS Interpreter)
  add_test(NAME generated:docx
    COMMAND ${Python3_EXECUTABLE}
      ${CMAKE_CURRENT_SOURCE_DIR}/generated-accuracy.py
      $<TARGET_FILE:marklint> ${ML_GEN_CORPUS}
      ${CMAKE_BINARY_DIR}/generated/docx --docs 60 --mix 5-300 --seed 11)
  add_test(NAME generated:flat-opc
    COMMAND ${Python3_EXECUTABLE}
      ${CMAKE_CURRENT_SOURCE_DIR}/generated-accuracy.py
      $<TARGET_FILE:marklint> ${ML_GEN_CORPUS}
      ${CMAKE_BINARY_DIR}/generated/flat --docs 20 --mix 5-300 --seed 12
      --flat)
endif()
