# The review memorandum (`marklint review`, included by
# tests/CMakeLists.txt): golden memos of the sample RFP in each format
# (fixtures/review/rfp-draft.review.{md,html,txt} and the Word memo's
# word/document.xml, pretty-printed, in rfp-draft.review.docx.document.xml;
# written by the tool and reviewed line by line; UPDATE=1 ctest -R
# review:golden), the printed memos (every page marked), the memo the
# build makes for the README (target review-memo ->
# build/rfp-draft-review.md) and the test that the README shows it.
# tests/check_memo.c and tests/cli-review.sh are found by their globs.
set(ml_review_fix ${CMAKE_BINARY_DIR}/fixtures/sample)
foreach(pair "md;markdown" "html;html" "txt;text" "docx.document.xml;docx")
  list(GET pair 0 ext)
  list(GET pair 1 format)
  add_test(NAME review:golden:${format}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/review-golden.sh
      $<TARGET_FILE:marklint> ${ml_review_fix}
      ${CMAKE_SOURCE_DIR}/fixtures/review/rfp-draft.review.${ext} ${format})
  set_tests_properties(review:golden:${format} PROPERTIES
    LABELS "golden;review" TIMEOUT 30)
endforeach()

# The memo printed: every page marked top and bottom (tests/review-print.sh;
# skipped, exit 77, when LibreOffice or Chromium is not installed).
foreach(format docx html)
  add_test(NAME review:print:${format}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/review-print.sh
      $<TARGET_FILE:marklint> ${ml_review_fix} ${format})
  set_tests_properties(review:print:${format} PROPERTIES
    LABELS review TIMEOUT 300 SKIP_RETURN_CODE 77)
endforeach()

add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/rfp-draft-review.md
  COMMAND $<TARGET_FILE:marklint> review rfp-draft.docx
    -o ${CMAKE_BINARY_DIR}/rfp-draft-review.md --force
  WORKING_DIRECTORY ${ml_review_fix}
  DEPENDS marklint ${ml_review_fix}/rfp-draft.docx
  COMMENT "Writing the review memo of the sample RFP" VERBATIM)
add_custom_target(review-memo ALL
  DEPENDS ${CMAKE_BINARY_DIR}/rfp-draft-review.md)
add_dependencies(review-memo fixtures)

# Short and in one place: the sample memo's words and repetitions.
add_test(NAME review:words
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/review-words.sh
    $<TARGET_FILE:marklint> ${ml_review_fix})
set_tests_properties(review:words PROPERTIES LABELS review TIMEOUT 30)

add_test(NAME review:readme
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/review-readme.sh
    $<TARGET_FILE:marklint> ${ml_review_fix} ${CMAKE_SOURCE_DIR}/README.md)
set_tests_properties(review:readme PROPERTIES LABELS review TIMEOUT 30)

# Every suggested marking (check's suggestions, the memo's
# recommendations, fix's replacements) parses with `marklint marking`, has
# the form of what it replaces and releases to no one the author did not:
# over the fixtures and the real government documents beside the checkout
# (read where they are; the test runs on the fixtures alone without them).
# ML_GOV_CORPUS: found by pdf.cmake and restrict.cmake (included first)
set(ml_sugg_gov "")
if(ML_GOV_CORPUS AND IS_DIRECTORY ${ML_GOV_CORPUS})
  set(ml_sugg_gov ${ML_GOV_CORPUS})
endif()
add_test(NAME review:suggestions
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/suggest-markings.py
    $<TARGET_FILE:marklint> ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/fixtures
    ${ml_sugg_gov})
set_tests_properties(review:suggestions PROPERTIES LABELS review TIMEOUT 600)
