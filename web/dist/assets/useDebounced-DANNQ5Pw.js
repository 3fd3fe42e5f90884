import{r}from"./index-C4-fQnw8.js";function c(t,e){const[o,u]=r.useState(t);return r.useEffect(()=>{const n=setTimeout(()=>u(t),e);return()=>clearTimeout(n)},[t,e]),o}export{c as u};
