# The register and the CUI handbook as pdftotext text (issue 11): their
# portion marks read (95% at least), their examples mentions. Needs the
# real-world corpus and pdftotext, found by pdf.cmake.
if(MARKLINT_CORPUS AND ML_GOV_CORPUS AND ML_PDFTOTEXT)
  add_test(NAME corpus:register-text
    COMMAND ${Python3_EXECUTABLE}
      ${CMAKE_CURRENT_SOURCE_DIR}/register-text.py
      $<TARGET_FILE:marklint> ${ML_GOV_CORPUS} 95)
  set_tests_properties(corpus:register-text PROPERTIES LABELS corpus
    TIMEOUT 300)
endif()
